package network.esdev;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.path.PathHierarchyTokenizer;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.classic.ClassicFilter;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;

import java.io.Reader;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The part of the analysis-common module that this project is likely to use, built on the Lucene
 * analysis classes that ship in the distribution's lib/ (lucene-analysis-common). Names and
 * parameters follow the Elasticsearch reference; files (stopwords_path, synonyms_path) work as in
 * Elasticsearch for stop words, synonyms must be given inline ({@code synonyms}).
 */
final class DevAnalysis {

    private DevAnalysis() {}

    // ---------------------------------------------------------------- analyzers

    static Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        m.put("english", (indexSettings, env, name, settings) -> new AbstractIndexAnalyzerProvider<EnglishAnalyzer>(name, settings) {
            private final EnglishAnalyzer analyzer = new EnglishAnalyzer(
                Analysis.parseStopWords(env, settings, EnglishAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)
            );

            @Override
            public EnglishAnalyzer get() {
                return analyzer;
            }
        });
        return m;
    }

    // ---------------------------------------------------------------- token filters

    private static AnalysisProvider<TokenFilterFactory> filter(Function<Settings, UnaryOperator<TokenStream>> maker) {
        return (indexSettings, env, name, settings) -> {
            UnaryOperator<TokenStream> op = maker.apply(settings);
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream tokenStream) {
                    return op.apply(tokenStream);
                }
            };
        };
    }

    /** A filter that may also be used in normalizers (keyword fields) and multi-term queries. */
    private static AnalysisProvider<TokenFilterFactory> normalizingFilter(Function<Settings, UnaryOperator<TokenStream>> maker) {
        return (indexSettings, env, name, settings) -> {
            UnaryOperator<TokenStream> op = maker.apply(settings);
            return new NormalizingTokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream tokenStream) {
                    return op.apply(tokenStream);
                }
            };
        };
    }

    static Map<String, AnalysisProvider<TokenFilterFactory>> tokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("asciifolding", normalizingFilter(s -> {
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return ts -> new ASCIIFoldingFilter(ts, preserve);
        }));
        m.put("uppercase", normalizingFilter(s -> UpperCaseFilter::new));
        m.put("trim", normalizingFilter(s -> TrimFilter::new));
        m.put("decimal_digit", normalizingFilter(s -> DecimalDigitFilter::new));
        m.put("porter_stem", filter(s -> PorterStemFilter::new));
        m.put("kstem", filter(s -> KStemFilter::new));
        m.put("classic", filter(s -> ClassicFilter::new));
        m.put("reverse", filter(s -> ReverseStringFilter::new));
        m.put("flatten_graph", filter(s -> FlattenGraphFilter::new));
        m.put("remove_duplicates", filter(s -> RemoveDuplicatesTokenFilter::new));
        m.put("snowball", filter(s -> {
            String language = capitalize(s.get("language", "English"));
            return ts -> new SnowballFilter(ts, language);
        }));
        m.put("stemmer", filter(s -> stemmer(s.get("language", s.get("name", "english")))));
        m.put("edge_ngram", filter(s -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return ts -> new EdgeNGramTokenFilter(ts, min, max, preserve);
        }));
        m.put("ngram", filter(s -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return ts -> new NGramTokenFilter(ts, min, max, preserve);
        }));
        m.put("length", filter(s -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return ts -> new LengthFilter(ts, min, max);
        }));
        m.put("truncate", filter(s -> {
            int length = s.getAsInt("length", 10);
            return ts -> new TruncateTokenFilter(ts, length);
        }));
        m.put("unique", filter(s -> UniqueTokenFilter::new));
        m.put("keyword_marker", (indexSettings, env, name, settings) -> {
            boolean ignoreCase = settings.getAsBoolean("ignore_case", false);
            List<String> words = Analysis.getWordList(env, settings, "keywords");
            CharArraySet set = new CharArraySet(words == null ? List.of() : words, ignoreCase);
            return filter(s -> ts -> new SetKeywordMarkerFilter(ts, set)).get(indexSettings, env, name, settings);
        });
        m.put("synonym", (indexSettings, env, name, settings) -> new SynonymFactory(name, settings, false));
        m.put("synonym_graph", (indexSettings, env, name, settings) -> new SynonymFactory(name, settings, true));
        return m;
    }

    private static String capitalize(String language) {
        String l = language.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    private static UnaryOperator<TokenStream> stemmer(String language) {
        switch (language.toLowerCase(Locale.ROOT)) {
            case "english":
            case "porter":
                return PorterStemFilter::new;
            case "light_english":
            case "kstem":
                return KStemFilter::new;
            case "minimal_english":
                return EnglishMinimalStemFilter::new;
            case "possessive_english":
                return EnglishPossessiveFilter::new;
            case "porter2":
                return ts -> new SnowballFilter(ts, "English");
            default:
                // the Snowball stemmers: french, german, spanish, dutch, italian, portuguese, ...
                String snowball = capitalize(language);
                return ts -> new SnowballFilter(ts, snowball);
        }
    }

    /** Drops a token whose text was already seen in the stream (the {@code unique} filter, without only_on_same_position). */
    static final class UniqueTokenFilter extends org.apache.lucene.analysis.TokenFilter {
        private final org.apache.lucene.analysis.tokenattributes.CharTermAttribute term = addAttribute(
            org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class
        );
        private final CharArraySet seen = new CharArraySet(8, false);

        UniqueTokenFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws java.io.IOException {
            while (input.incrementToken()) {
                char[] buffer = term.buffer();
                int length = term.length();
                if (seen.contains(buffer, 0, length) == false) {
                    char[] copy = new char[length];
                    System.arraycopy(buffer, 0, copy, 0, length);
                    seen.add(copy);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws java.io.IOException {
            super.reset();
            seen.clear();
        }
    }

    /** {@code synonym} / {@code synonym_graph} with inline Solr-format rules, analysed by the preceding chain as Elasticsearch does. */
    static final class SynonymFactory implements TokenFilterFactory {
        private final String name;
        private final Settings settings;
        private final boolean graph;

        SynonymFactory(String name, Settings settings, boolean graph) {
            this.name = name;
            this.settings = settings;
            this.graph = graph;
            if (settings.get("synonyms_path") != null || settings.get("synonyms_set") != null) {
                throw new IllegalArgumentException(
                    "[" + name + "]: only inline [synonyms] are supported by the development node (network-dev-extras)"
                );
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            org.elasticsearch.index.IndexService.IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            Analyzer chain = new Analyzer() {
                @Override
                protected TokenStreamComponents createComponents(String fieldName) {
                    Tokenizer t = tokenizer.create();
                    TokenStream ts = t;
                    for (TokenFilterFactory f : previousTokenFilters) {
                        ts = f.getSynonymFilter().create(ts);
                    }
                    return new TokenStreamComponents(t, ts);
                }

                @Override
                protected Reader initReader(String fieldName, Reader reader) {
                    for (CharFilterFactory cf : charFilters) {
                        reader = cf.create(reader);
                    }
                    return reader;
                }
            };
            SynonymMap map;
            try {
                List<String> rules = settings.getAsList("synonyms", List.of());
                SolrSynonymParser parser = new SolrSynonymParser(true, settings.getAsBoolean("expand", true), chain);
                StringBuilder text = new StringBuilder();
                for (String rule : rules) {
                    text.append(rule).append('\n');
                }
                parser.parse(new StringReader(text.toString()));
                map = parser.build();
            } catch (Exception e) {
                throw new IllegalArgumentException("failed to build synonyms for [" + name + "]: " + e.getMessage(), e);
            }
            final String ownName = name;
            final boolean asGraph = graph;
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return ownName;
                }

                @Override
                @SuppressWarnings("deprecation")
                public TokenStream create(TokenStream tokenStream) {
                    if (map.fst == null) {
                        return tokenStream;
                    }
                    return asGraph
                        ? new SynonymGraphFilter(tokenStream, map, false)
                        : new org.apache.lucene.analysis.synonym.SynonymFilter(tokenStream, map, false);
                }

                @Override
                public TokenFilterFactory getSynonymFilter() {
                    return IDENTITY_FILTER;
                }
            };
        }
    }

    // ---------------------------------------------------------------- tokenizers

    private static AnalysisProvider<TokenizerFactory> tokenizer(Function<Settings, Supplier<Tokenizer>> maker) {
        return (indexSettings, env, name, settings) -> TokenizerFactory.newFactory(name, maker.apply(settings));
    }

    static Map<String, AnalysisProvider<TokenizerFactory>> tokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("whitespace", tokenizer(s -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> new WhitespaceTokenizer(WhitespaceTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max);
        }));
        m.put("keyword", tokenizer(s -> {
            int buffer = s.getAsInt("buffer_size", 256);
            return () -> new KeywordTokenizer(buffer);
        }));
        m.put("letter", tokenizer(s -> LetterTokenizer::new));
        m.put("lowercase", tokenizer(s -> LowerCaseLetterTokenizer::new));
        m.put("classic", tokenizer(s -> ClassicTokenizer::new));
        m.put("uax_url_email", tokenizer(s -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(max);
                return t;
            };
        }));
        m.put("path_hierarchy", tokenizer(s -> {
            char delimiter = s.get("delimiter", "/").charAt(0);
            char replacement = s.get("replacement", String.valueOf(delimiter)).charAt(0);
            int skip = s.getAsInt("skip", 0);
            return () -> new PathHierarchyTokenizer(delimiter, replacement, skip);
        }));
        m.put("pattern", tokenizer(s -> {
            Pattern pattern = Pattern.compile(s.get("pattern", "\\W+"));
            int group = s.getAsInt("group", -1);
            return () -> new PatternTokenizer(pattern, group);
        }));
        m.put("ngram", tokenizer(s -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            IntPredicate chars = tokenChars(s);
            return () -> chars == null ? new NGramTokenizer(min, max) : new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            };
        }));
        m.put("edge_ngram", tokenizer(s -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            IntPredicate chars = tokenChars(s);
            return () -> chars == null ? new EdgeNGramTokenizer(min, max) : new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            };
        }));
        return m;
    }

    /** The {@code lowercase} tokenizer: maximal runs of letters, lower-cased. */
    static final class LowerCaseLetterTokenizer extends Tokenizer {
        private final org.apache.lucene.analysis.tokenattributes.CharTermAttribute term = addAttribute(
            org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class
        );
        private final org.apache.lucene.analysis.tokenattributes.OffsetAttribute offsets = addAttribute(
            org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class
        );
        private int offset;
        private int finalOffset;
        private int pending = -2; // -2: nothing read ahead

        private int read() throws java.io.IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            int c = input.read();
            if (c >= 0 && Character.isHighSurrogate((char) c)) {
                int low = input.read();
                if (low >= 0 && Character.isLowSurrogate((char) low)) {
                    return Character.toCodePoint((char) c, (char) low);
                }
                pending = low;
            }
            return c;
        }

        @Override
        public boolean incrementToken() throws java.io.IOException {
            clearAttributes();
            int c;
            while ((c = read()) >= 0 && Character.isLetter(c) == false) {
                offset += Character.charCount(c);
            }
            if (c < 0) {
                finalOffset = correctOffset(offset);
                return false;
            }
            int start = offset;
            StringBuilder token = new StringBuilder();
            do {
                token.appendCodePoint(Character.toLowerCase(c));
                offset += Character.charCount(c);
            } while ((c = read()) >= 0 && Character.isLetter(c));
            if (c >= 0) {
                offset += Character.charCount(c);
            }
            term.append(token);
            offsets.setOffset(correctOffset(start), correctOffset(start + token.length()));
            return true;
        }

        @Override
        public void end() throws java.io.IOException {
            super.end();
            offsets.setOffset(finalOffset, finalOffset);
        }

        @Override
        public void reset() throws java.io.IOException {
            super.reset();
            offset = 0;
            finalOffset = 0;
            pending = -2;
        }
    }

    /** The {@code token_chars} of the n-gram tokenizers; null means every character. */
    private static IntPredicate tokenChars(Settings s) {
        List<String> classes = s.getAsList("token_chars", List.of());
        if (classes.isEmpty()) {
            return null;
        }
        Set<Integer> custom = new HashSet<>();
        s.get("custom_token_chars", "").codePoints().forEach(custom::add);
        IntPredicate p = c -> custom.contains(c);
        for (String cls : classes) {
            switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> p = p.or(Character::isLetter);
                case "digit" -> p = p.or(Character::isDigit);
                case "whitespace" -> p = p.or(Character::isWhitespace);
                case "punctuation" -> p = p.or(c -> {
                    int t = Character.getType(c);
                    return t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION || t == Character.OTHER_PUNCTUATION
                        || t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                        || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION;
                });
                case "symbol" -> p = p.or(c -> {
                    int t = Character.getType(c);
                    return t == Character.MATH_SYMBOL || t == Character.CURRENCY_SYMBOL || t == Character.MODIFIER_SYMBOL
                        || t == Character.OTHER_SYMBOL;
                });
                case "custom" -> { }
                default -> throw new IllegalArgumentException("Unknown token type: '" + cls + "'");
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- char filters

    private static AnalysisProvider<CharFilterFactory> charFilter(Function<Settings, UnaryOperator<Reader>> maker) {
        return (indexSettings, env, name, settings) -> {
            UnaryOperator<Reader> op = maker.apply(settings);
            return new NormalizingCharFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Reader create(Reader reader) {
                    return op.apply(reader);
                }
            };
        };
    }

    static Map<String, AnalysisProvider<CharFilterFactory>> charFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", (indexSettings, env, name, settings) -> {
            Set<String> escaped = new HashSet<>(settings.getAsList("escaped_tags", List.of()));
            return new CharFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Reader create(Reader reader) {
                    return escaped.isEmpty() ? new HTMLStripCharFilter(reader) : new HTMLStripCharFilter(reader, escaped);
                }
            };
        });
        m.put("mapping", charFilter(s -> {
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String rule : s.getAsList("mappings", List.of())) {
                int arrow = rule.indexOf("=>");
                if (arrow < 0) {
                    throw new IllegalArgumentException("Invalid mapping rule : [" + rule + "]");
                }
                builder.add(unescape(rule.substring(0, arrow).trim()), unescape(rule.substring(arrow + 2).trim()));
            }
            NormalizeCharMap map = builder.build();
            return r -> new MappingCharFilter(map, r);
        }));
        m.put("pattern_replace", charFilter(s -> {
            Pattern pattern = Pattern.compile(s.get("pattern", ""));
            String replacement = s.get("replacement", "");
            return r -> new PatternReplaceCharFilter(pattern, replacement, r);
        }));
        return m;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
