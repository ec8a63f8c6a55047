package network.esdev;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.elasticsearch.common.bytes.BytesReference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Matches the documents of the percolator index whose stored query matches at least one of the
 * percolated documents (held in a small in-memory index). The score is the best score of the stored
 * query on those documents, as in the real module.
 */
final class PercolateQuery extends Query {

    interface QueryStore {
        Query get(BytesRef storedQuery) throws IOException;
    }

    private final String field;
    private final String name;
    private final List<BytesReference> documents;
    private final IndexSearcher memorySearcher;
    private final int[] rootDocs;
    private final Query rootFilter;
    private final QueryStore store;

    PercolateQuery(
        String field,
        String name,
        List<BytesReference> documents,
        IndexSearcher memorySearcher,
        int[] rootDocs,
        Query rootFilter,
        QueryStore store
    ) {
        this.field = field;
        this.name = name;
        this.documents = documents;
        this.memorySearcher = memorySearcher;
        this.rootDocs = rootDocs;
        this.rootFilter = rootFilter;
        this.store = store;
    }

    String field() {
        return field;
    }

    /** The name of the hit field that lists the matching documents' positions. */
    String slotFieldName() {
        return name == null ? "_percolator_document_slot" : "_percolator_document_slot_" + name;
    }

    private Query onRootDocs(Query storedQuery) {
        if (rootFilter == null) {
            return storedQuery;
        }
        return new BooleanQuery.Builder().add(storedQuery, BooleanClause.Occur.MUST).add(rootFilter, BooleanClause.Occur.FILTER).build();
    }

    /** The positions (slots) of the percolated documents that the stored query matches, ascending. */
    List<Integer> matchingSlots(BytesRef storedQuery) throws IOException {
        Query query = store.get(storedQuery);
        if (query == null) {
            return List.of();
        }
        TopDocs top = memorySearcher.search(onRootDocs(query), Math.max(1, rootDocs.length));
        List<Integer> slots = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            int slot = Arrays.binarySearch(rootDocs, sd.doc);
            if (slot >= 0) {
                slots.add(slot);
            }
        }
        Collections.sort(slots);
        return slots;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        final boolean needsScores = scoreMode.needsScores();
        return new Weight(this) {
            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }

            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                Scorer scorer = scorer(context);
                if (scorer != null) {
                    TwoPhaseIterator tpi = scorer.twoPhaseIterator();
                    if (tpi.approximation().advance(doc) == doc && tpi.matches()) {
                        return Explanation.match(scorer.score(), "percolate query on field [" + field + "] matched");
                    }
                }
                return Explanation.noMatch("percolate query on field [" + field + "] did not match");
            }

            @Override
            public Scorer scorer(LeafReaderContext context) throws IOException {
                BinaryDocValues values = context.reader().getBinaryDocValues(field);
                if (values == null) {
                    return null;
                }
                final float[] score = new float[1];
                TwoPhaseIterator tpi = new TwoPhaseIterator(values) {
                    @Override
                    public boolean matches() throws IOException {
                        Query query = store.get(values.binaryValue());
                        if (query == null) {
                            return false;
                        }
                        Query onRoots = onRootDocs(query);
                        if (needsScores) {
                            TopDocs top = memorySearcher.search(onRoots, 1);
                            if (top.scoreDocs.length == 0) {
                                return false;
                            }
                            score[0] = top.scoreDocs[0].score;
                            return true;
                        }
                        return memorySearcher.count(onRoots) > 0;
                    }

                    @Override
                    public float matchCost() {
                        return 1000f;
                    }
                };
                return new Scorer(this) {
                    @Override
                    public DocIdSetIterator iterator() {
                        return TwoPhaseIterator.asDocIdSetIterator(tpi);
                    }

                    @Override
                    public TwoPhaseIterator twoPhaseIterator() {
                        return tpi;
                    }

                    @Override
                    public float getMaxScore(int upTo) {
                        return Float.MAX_VALUE;
                    }

                    @Override
                    public float score() {
                        return needsScores ? score[0] * boost : boost;
                    }

                    @Override
                    public int docID() {
                        return values.docID();
                    }
                };
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String f) {
        return "PercolateQuery{field=" + field + ",documents=" + documents.size() + (name == null ? "" : ",name=" + name) + "}";
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
