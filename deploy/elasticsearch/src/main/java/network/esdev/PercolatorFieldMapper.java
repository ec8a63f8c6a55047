package network.esdev;

import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.index.mapper.DocumentParserContext;
import org.elasticsearch.index.mapper.FieldMapper;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.MapperBuilderContext;
import org.elasticsearch.index.mapper.SourceValueFetcher;
import org.elasticsearch.index.mapper.TextSearchInfo;
import org.elasticsearch.index.mapper.ValueFetcher;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryShardException;
import org.elasticsearch.index.query.Rewriteable;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code percolator} field type: the value is a query, checked against the index's mappings when
 * the document is indexed and kept (as JSON) in binary doc values for {@link PercolateQueryBuilder}.
 * Unlike the real module it extracts no terms, so a percolate query checks every stored query:
 * right for development and test sized indices.
 */
public class PercolatorFieldMapper extends FieldMapper {

    public static final String CONTENT_TYPE = "percolator";

    /** Same name and meaning as the real module's index setting. */
    public static final Setting<Boolean> MAP_UNMAPPED_FIELDS_AS_TEXT_SETTING = Setting.boolSetting(
        "index.percolator.map_unmapped_fields_as_text",
        false,
        Setting.Property.IndexScope
    );

    public static final TypeParser PARSER = new TypeParser((name, context) -> new Builder(name, context.searchExecutionContext()));

    public static class Builder extends FieldMapper.Builder {
        private final Parameter<Map<String, String>> meta = Parameter.metaParam();
        private final Supplier<SearchExecutionContext> searchExecutionContext;

        public Builder(String name, Supplier<SearchExecutionContext> searchExecutionContext) {
            super(name);
            this.searchExecutionContext = searchExecutionContext;
        }

        @Override
        protected Parameter<?>[] getParameters() {
            return new Parameter<?>[] { meta };
        }

        @Override
        public PercolatorFieldMapper build(MapperBuilderContext context) {
            PercolatorFieldType type = new PercolatorFieldType(context.buildFullName(name()), meta.getValue());
            return new PercolatorFieldMapper(name(), type, multiFieldsBuilder.build(this, context), copyTo, searchExecutionContext);
        }
    }

    public static final class PercolatorFieldType extends MappedFieldType {
        PercolatorFieldType(String name, Map<String, String> meta) {
            super(name, false, false, true, TextSearchInfo.NONE, meta);
        }

        @Override
        public String typeName() {
            return CONTENT_TYPE;
        }

        @Override
        public Query termQuery(Object value, SearchExecutionContext context) {
            throw new QueryShardException(context, "Percolator fields are not searchable directly, use a percolate query instead");
        }

        @Override
        public Query existsQuery(SearchExecutionContext context) {
            return new FieldExistsQuery(name());
        }

        @Override
        public ValueFetcher valueFetcher(SearchExecutionContext context, String format) {
            return SourceValueFetcher.identity(name(), context, format);
        }
    }

    private final Supplier<SearchExecutionContext> searchExecutionContext;

    PercolatorFieldMapper(
        String simpleName,
        MappedFieldType fieldType,
        MultiFields multiFields,
        CopyTo copyTo,
        Supplier<SearchExecutionContext> searchExecutionContext
    ) {
        super(simpleName, fieldType, multiFields, copyTo);
        this.searchExecutionContext = searchExecutionContext;
    }

    @Override
    public FieldMapper.Builder getMergeBuilder() {
        return new Builder(simpleName(), searchExecutionContext).init(this);
    }

    @Override
    protected String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    protected void parseCreateField(DocumentParserContext context) throws IOException {
        XContentParser parser = context.parser();
        if (parser.currentToken() == XContentParser.Token.VALUE_NULL) {
            return;
        }
        if (context.doc().getField(fieldType().name()) != null) {
            throw new IllegalArgumentException("a document can only contain one percolator query");
        }
        QueryBuilder query;
        boolean wasWithinLeafObject = context.path().isWithinLeafObject();
        try {
            // a query is not a document: keep "a.b" field names as they are (no dot expansion)
            context.path().setWithinLeafObject(true);
            query = AbstractQueryBuilder.parseTopLevelQuery(parser);
        } finally {
            context.path().setWithinLeafObject(wasWithinLeafObject);
        }
        verify(query);
        SearchExecutionContext sec = searchExecutionContext.get();
        configure(sec, context.indexSettings().getValue(MAP_UNMAPPED_FIELDS_AS_TEXT_SETTING));
        try {
            // fails like the real module on e.g. fields that are not mapped
            Rewriteable.rewrite(query, sec, true).toQuery(sec);
        } catch (UnsupportedOperationException e) {
            // e.g. "now" in a range: resolved when percolating, as in the real module
        }
        context.doc().add(new BinaryDocValuesField(fieldType().name(), toBytes(query)));
    }

    static void configure(SearchExecutionContext context, boolean mapUnmappedFieldsAsText) {
        context.setAllowUnmappedFields(false);
        if (mapUnmappedFieldsAsText) {
            context.setMapUnmappedFieldAsString(true);
        }
    }

    static BytesRef toBytes(QueryBuilder query) throws IOException {
        try (XContentBuilder builder = XContentFactory.jsonBuilder()) {
            query.toXContent(builder, org.elasticsearch.xcontent.ToXContent.EMPTY_PARAMS);
            return BytesReference.bytes(builder).toBytesRef();
        }
    }

    /** The real module refuses these inside a stored query too. */
    static void verify(QueryBuilder query) {
        String name = query.getName();
        if (name.equals("has_child") || name.equals("has_parent") || name.equals(PercolateQueryBuilder.NAME)) {
            throw new IllegalArgumentException("the [" + name + "] query is unsupported inside a percolator query");
        }
    }
}
