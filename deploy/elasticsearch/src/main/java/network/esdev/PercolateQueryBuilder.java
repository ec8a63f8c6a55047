package network.esdev;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.elasticsearch.ResourceNotFoundException;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.TransportVersions;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.get.GetRequest;
import org.elasticsearch.common.ParsingException;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.lucene.Lucene;
import org.elasticsearch.common.lucene.search.Queries;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.index.fielddata.FieldDataContext;
import org.elasticsearch.index.fielddata.IndexFieldData;
import org.elasticsearch.index.fielddata.IndexFieldDataCache;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.NestedLookup;
import org.elasticsearch.index.mapper.ParsedDocument;
import org.elasticsearch.index.mapper.SourceToParse;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.index.query.QueryShardException;
import org.elasticsearch.index.query.Rewriteable;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.indices.breaker.NoneCircuitBreakerService;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The {@code percolate} query: {@code field} (a {@code percolator} field), and either {@code document},
 * {@code documents}, or {@code index} + {@code id} (+ {@code routing}, {@code preference}, {@code version})
 * of a stored document; {@code name} names the {@code _percolator_document_slot_<name>} hit field.
 */
public class PercolateQueryBuilder extends AbstractQueryBuilder<PercolateQueryBuilder> {

    public static final String NAME = "percolate";

    private final String field;
    private String name;
    private final List<BytesReference> documents;
    private final XContentType documentXContentType;

    private String indexedDocumentIndex;
    private String indexedDocumentId;
    private String indexedDocumentRouting;
    private String indexedDocumentPreference;
    private Long indexedDocumentVersion;
    private final Supplier<BytesReference> documentSupplier;

    public PercolateQueryBuilder(String field, List<BytesReference> documents, XContentType documentXContentType) {
        if (field == null) {
            throw new IllegalArgumentException("[field] is a required argument");
        }
        this.field = field;
        this.documents = List.copyOf(documents);
        this.documentXContentType = documentXContentType;
        this.documentSupplier = null;
    }

    private PercolateQueryBuilder(String field, Supplier<BytesReference> documentSupplier) {
        this.field = field;
        this.documents = List.of();
        this.documentXContentType = null;
        this.documentSupplier = documentSupplier;
    }

    public PercolateQueryBuilder(StreamInput in) throws IOException {
        super(in);
        field = in.readString();
        name = in.readOptionalString();
        indexedDocumentIndex = in.readOptionalString();
        indexedDocumentId = in.readOptionalString();
        indexedDocumentRouting = in.readOptionalString();
        indexedDocumentPreference = in.readOptionalString();
        indexedDocumentVersion = in.readOptionalLong();
        int n = in.readVInt();
        List<BytesReference> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            docs.add(in.readBytesReference());
        }
        documents = List.copyOf(docs);
        String type = in.readOptionalString();
        documentXContentType = type == null ? null : XContentType.valueOf(type);
        documentSupplier = null;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        if (documentSupplier != null) {
            throw new IllegalStateException("supplier must be null, can't serialize suppliers, missing a rewriteAndFetch?");
        }
        out.writeString(field);
        out.writeOptionalString(name);
        out.writeOptionalString(indexedDocumentIndex);
        out.writeOptionalString(indexedDocumentId);
        out.writeOptionalString(indexedDocumentRouting);
        out.writeOptionalString(indexedDocumentPreference);
        out.writeOptionalLong(indexedDocumentVersion);
        out.writeVInt(documents.size());
        for (BytesReference doc : documents) {
            out.writeBytesReference(doc);
        }
        out.writeOptionalString(documentXContentType == null ? null : documentXContentType.name());
    }

    public String getField() {
        return field;
    }

    public String getQueryDisplayName() {
        return name;
    }

    public PercolateQueryBuilder setName(String name) {
        this.name = name;
        return this;
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.field("field", field);
        if (name != null) {
            builder.field("name", name);
        }
        if (documents.size() == 1) {
            builder.field("document", XContentHelper.convertToMap(documents.get(0), true, documentXContentType).v2());
        } else if (documents.size() > 1) {
            builder.startArray("documents");
            for (BytesReference doc : documents) {
                builder.map(XContentHelper.convertToMap(doc, true, documentXContentType).v2());
            }
            builder.endArray();
        }
        if (indexedDocumentIndex != null) {
            builder.field("index", indexedDocumentIndex);
        }
        if (indexedDocumentId != null) {
            builder.field("id", indexedDocumentId);
        }
        if (indexedDocumentRouting != null) {
            builder.field("routing", indexedDocumentRouting);
        }
        if (indexedDocumentPreference != null) {
            builder.field("preference", indexedDocumentPreference);
        }
        if (indexedDocumentVersion != null) {
            builder.field("version", indexedDocumentVersion);
        }
        printBoostAndQueryName(builder);
        builder.endObject();
    }

    public static PercolateQueryBuilder fromXContent(XContentParser parser) throws IOException {
        float boost = DEFAULT_BOOST;
        String queryName = null;
        String field = null;
        String name = null;
        String index = null;
        String id = null;
        String routing = null;
        String preference = null;
        Long version = null;
        List<BytesReference> documents = new ArrayList<>();
        String current = null;
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_OBJECT) {
            if (token == XContentParser.Token.FIELD_NAME) {
                current = parser.currentName();
            } else if (token == XContentParser.Token.START_ARRAY && "documents".equals(current)) {
                while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
                    if (token != XContentParser.Token.START_OBJECT) {
                        throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] query does not support [" + token + "]");
                    }
                    documents.add(copyObject(parser));
                }
            } else if (token == XContentParser.Token.START_OBJECT && "document".equals(current)) {
                documents.add(copyObject(parser));
            } else if (token.isValue() || token == XContentParser.Token.VALUE_NULL) {
                switch (current) {
                    case "field" -> field = parser.text();
                    case "name" -> name = parser.textOrNull();
                    case "index" -> index = parser.textOrNull();
                    case "id" -> id = parser.textOrNull();
                    case "routing" -> routing = parser.textOrNull();
                    case "preference" -> preference = parser.textOrNull();
                    case "version" -> version = parser.longValue();
                    case "document_type" -> { } // deprecated and ignored, as in 8.x
                    case "boost" -> boost = parser.floatValue();
                    case "_name" -> queryName = parser.text();
                    default -> throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] query does not support [" + current + "]");
                }
            } else {
                throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] query does not support [" + current + "]");
            }
        }
        if (field == null) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] query is missing required [field] parameter");
        }
        PercolateQueryBuilder builder;
        if (documents.isEmpty() == false) {
            if (index != null || id != null) {
                throw new IllegalArgumentException("[" + NAME + "] query: give either [document]/[documents] or [index] and [id], not both");
            }
            builder = new PercolateQueryBuilder(field, documents, XContentType.JSON);
        } else {
            if (index == null || id == null) {
                throw new IllegalArgumentException("[" + NAME + "] query requires [document], [documents] or [index] and [id]");
            }
            // fetched on rewrite (see doRewrite)
            builder = new PercolateQueryBuilder(field, (Supplier<BytesReference>) null);
            builder.indexedDocumentIndex = index;
            builder.indexedDocumentId = id;
            builder.indexedDocumentRouting = routing;
            builder.indexedDocumentPreference = preference;
            builder.indexedDocumentVersion = version;
        }
        builder.name = name;
        builder.boost(boost);
        builder.queryName(queryName);
        return builder;
    }

    private static BytesReference copyObject(XContentParser parser) throws IOException {
        try (XContentBuilder builder = XContentFactory.jsonBuilder()) {
            builder.copyCurrentStructure(parser);
            return BytesReference.bytes(builder);
        }
    }

    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) {
        if (documents.isEmpty() == false) {
            return this;
        }
        if (documentSupplier != null) {
            BytesReference source = documentSupplier.get();
            if (source == null) {
                return this; // still being fetched
            }
            PercolateQueryBuilder fetched = new PercolateQueryBuilder(field, List.of(source), XContentHelper.xContentType(source));
            fetched.name = name;
            return fetched.boost(boost).queryName(queryName);
        }
        GetRequest get = new GetRequest(indexedDocumentIndex, indexedDocumentId).preference(indexedDocumentPreference)
            .routing(indexedDocumentRouting);
        if (indexedDocumentVersion != null) {
            get.version(indexedDocumentVersion);
        }
        AtomicReference<BytesReference> holder = new AtomicReference<>();
        String what = "indexed document [" + indexedDocumentIndex + "/" + indexedDocumentId + "]";
        context.registerAsyncAction((client, listener) -> {
            @SuppressWarnings("unchecked")
            ActionListener<Object> l = (ActionListener<Object>) listener;
            client.get(get, ActionListener.wrap(response -> {
                if (response.isExists() == false) {
                    throw new ResourceNotFoundException(what + " couldn't be found");
                }
                if (response.isSourceEmpty()) {
                    throw new IllegalArgumentException(what + " source disabled");
                }
                holder.set(response.getSourceAsBytesRef());
                l.onResponse(null);
            }, l::onFailure));
        });
        PercolateQueryBuilder pending = new PercolateQueryBuilder(field, holder::get);
        pending.indexedDocumentIndex = indexedDocumentIndex;
        pending.indexedDocumentId = indexedDocumentId;
        pending.indexedDocumentRouting = indexedDocumentRouting;
        pending.indexedDocumentPreference = indexedDocumentPreference;
        pending.indexedDocumentVersion = indexedDocumentVersion;
        pending.name = name;
        return pending.boost(boost).queryName(queryName);
    }

    @Override
    protected Query doToQuery(SearchExecutionContext context) throws IOException {
        if (documents.isEmpty()) {
            throw new IllegalStateException("query builder must be rewritten first");
        }
        MappedFieldType fieldType = context.getFieldType(field);
        if (fieldType == null) {
            throw new QueryShardException(context, "field [" + field + "] does not exist");
        }
        if ((fieldType instanceof PercolatorFieldMapper.PercolatorFieldType) == false) {
            throw new QueryShardException(
                context,
                "expected field [" + field + "] to be of type [percolator], but is of type [" + fieldType.typeName() + "]"
            );
        }

        // The documents, analysed with this index's mappings, in a small in-memory index.
        Analyzer analyzer = context.getIndexAnalyzer(f -> Lucene.STANDARD_ANALYZER);
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        List<Integer> rootDocs = new ArrayList<>();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setMergePolicy(NoMergePolicy.INSTANCE)
            .setMergeScheduler(new SerialMergeScheduler())
            .setRAMBufferSizeMB(256);
        DirectoryReader reader;
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            int next = 0;
            for (BytesReference document : documents) {
                ParsedDocument parsed = context.parseDocument(new SourceToParse("_temp_id", document, documentXContentType));
                writer.addDocuments(parsed.docs());
                next += parsed.docs().size();
                rootDocs.add(next - 1); // a nested block ends with its root document
            }
            writer.commit();
            reader = DirectoryReader.open(writer);
        }
        IndexSearcher memorySearcher = new IndexSearcher(reader);
        memorySearcher.setQueryCache(null);
        memorySearcher.setSimilarity(context.getSearchSimilarity());

        boolean nested = context.nestedLookup() != NestedLookup.EMPTY;
        Query rootFilter = nested ? Queries.newNonNestedFilter(context.indexVersionCreated()) : null;
        SearchExecutionContext storedQueryContext = wrap(context);
        PercolatorFieldMapper.configure(
            storedQueryContext,
            context.getIndexSettings().getValue(PercolatorFieldMapper.MAP_UNMAPPED_FIELDS_AS_TEXT_SETTING)
        );
        ConcurrentHashMap<BytesRef, Query> cache = new ConcurrentHashMap<>();
        PercolateQuery.QueryStore store = bytes -> {
            Query cached = cache.get(bytes);
            if (cached != null) {
                return cached;
            }
            Query parsed;
            synchronized (storedQueryContext) {
                try (
                    XContentParser parser = XContentType.JSON.xContent()
                        .createParser(context.getParserConfig(), bytes.bytes, bytes.offset, bytes.length)
                ) {
                    QueryBuilder stored = AbstractQueryBuilder.parseTopLevelQuery(parser);
                    parsed = Rewriteable.rewrite(stored, storedQueryContext, true).toQuery(storedQueryContext);
                }
            }
            cache.put(BytesRef.deepCopyOf(bytes), parsed);
            return parsed;
        };
        return new PercolateQuery(
            field,
            name,
            documents,
            memorySearcher,
            rootDocs.stream().mapToInt(Integer::intValue).toArray(),
            rootFilter,
            store
        );
    }

    /**
     * The context in which stored queries become Lucene queries: it must not look at the shard's own
     * reader (the percolator index) since they run against the in-memory index of the documents.
     */
    static SearchExecutionContext wrap(SearchExecutionContext delegate) {
        return new SearchExecutionContext(delegate) {
            @Override
            public IndexReader getIndexReader() {
                return null;
            }

            @Override
            public boolean fieldExistsInIndex(String fieldname) {
                return true;
            }

            @Override
            public BitSetProducer bitsetFilter(Query filter) {
                return new QueryBitSetProducer(filter);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <IFD extends IndexFieldData<?>> IFD getForField(
                MappedFieldType fieldType,
                MappedFieldType.FielddataOperation fielddataOperation
            ) {
                IndexFieldData.Builder builder = fieldType.fielddataBuilder(
                    new FieldDataContext(
                        getFullyQualifiedIndex().getName(),
                        () -> lookup().forkAndTrackFieldReferences(fieldType.name()),
                        this::sourcePath,
                        fielddataOperation
                    )
                );
                return (IFD) builder.build(new IndexFieldDataCache.None(), new NoneCircuitBreakerService());
            }
        };
    }

    @Override
    protected boolean doEquals(PercolateQueryBuilder other) {
        return Objects.equals(field, other.field)
            && Objects.equals(name, other.name)
            && Objects.equals(documents, other.documents)
            && Objects.equals(documentXContentType, other.documentXContentType)
            && Objects.equals(indexedDocumentIndex, other.indexedDocumentIndex)
            && Objects.equals(indexedDocumentId, other.indexedDocumentId)
            && Objects.equals(indexedDocumentRouting, other.indexedDocumentRouting)
            && Objects.equals(indexedDocumentPreference, other.indexedDocumentPreference)
            && Objects.equals(indexedDocumentVersion, other.indexedDocumentVersion)
            && Objects.equals(documentSupplier, other.documentSupplier);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(field, name, documents, documentXContentType, indexedDocumentIndex, indexedDocumentId, documentSupplier);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public TransportVersion getMinimalSupportedVersion() {
        return TransportVersions.ZERO;
    }
}
