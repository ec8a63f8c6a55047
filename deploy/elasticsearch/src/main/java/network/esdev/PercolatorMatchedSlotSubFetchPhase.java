package network.esdev;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.search.fetch.FetchContext;
import org.elasticsearch.search.fetch.FetchSubPhase;
import org.elasticsearch.search.fetch.FetchSubPhaseProcessor;
import org.elasticsearch.search.fetch.StoredFieldsSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Adds {@code _percolator_document_slot} (or {@code _percolator_document_slot_<name>}) to each hit of a percolate query. */
final class PercolatorMatchedSlotSubFetchPhase implements FetchSubPhase {

    @Override
    public FetchSubPhaseProcessor getProcessor(FetchContext fetchContext) {
        Query query = fetchContext.query();
        if (query == null) {
            return null;
        }
        List<PercolateQuery> percolateQueries = new ArrayList<>();
        query.visit(new QueryVisitor() {
            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return occur == BooleanClause.Occur.MUST_NOT ? QueryVisitor.EMPTY_VISITOR : this;
            }

            @Override
            public void visitLeaf(Query leaf) {
                if (leaf instanceof PercolateQuery pq) {
                    percolateQueries.add(pq);
                }
            }
        });
        if (percolateQueries.isEmpty()) {
            return null;
        }
        return new FetchSubPhaseProcessor() {
            @Override
            public void setNextReader(LeafReaderContext readerContext) {}

            @Override
            public void process(HitContext hitContext) throws IOException {
                for (PercolateQuery pq : percolateQueries) {
                    BinaryDocValues values = hitContext.reader().getBinaryDocValues(pq.field());
                    if (values == null || values.advanceExact(hitContext.docId()) == false) {
                        continue;
                    }
                    List<Integer> slots = pq.matchingSlots(values.binaryValue());
                    if (slots.isEmpty()) {
                        continue;
                    }
                    String fieldName = pq.slotFieldName();
                    hitContext.hit().setDocumentField(fieldName, new DocumentField(fieldName, new ArrayList<>(slots)));
                }
            }

            @Override
            public StoredFieldsSpec storedFieldsSpec() {
                return StoredFieldsSpec.NO_REQUIREMENTS;
            }
        };
    }
}
