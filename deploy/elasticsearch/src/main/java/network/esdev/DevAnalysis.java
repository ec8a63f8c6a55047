package network.esdev;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;

import java.util.Map;

/**
 * The one piece of the analysis-common module the project's indexes use: the {@code english}
 * analyzer (search/matching/facts.py), built on Lucene's EnglishAnalyzer from the distribution's
 * lib/ (lucene-analysis-common), with {@code stopwords} and {@code stem_exclusion} as in the
 * Elasticsearch reference.
 */
final class DevAnalysis {

    private DevAnalysis() {}

    static Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers() {
        return Map.of("english", (indexSettings, env, name, settings) -> new AbstractIndexAnalyzerProvider<EnglishAnalyzer>(name, settings) {
            private final EnglishAnalyzer analyzer = new EnglishAnalyzer(
                Analysis.parseStopWords(env, settings, EnglishAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)
            );

            @Override
            public EnglishAnalyzer get() {
                return analyzer;
            }
        });
    }
}
