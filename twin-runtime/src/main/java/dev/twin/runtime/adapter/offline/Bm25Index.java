package dev.twin.runtime.adapter.offline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Okapi BM25 over short passages (persona sentences), with a tiny English tokenizer. */
final class Bm25Index {

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    static final Set<String> STOPWORDS =
            Set.of(
                    "a",
                    "about",
                    "am",
                    "an",
                    "and",
                    "are",
                    "as",
                    "at",
                    "be",
                    "been",
                    "but",
                    "by",
                    "can",
                    "could",
                    "did",
                    "do",
                    "does",
                    "for",
                    "from",
                    "had",
                    "has",
                    "have",
                    "he",
                    "her",
                    "him",
                    "his",
                    "how",
                    "i",
                    "if",
                    "in",
                    "into",
                    "is",
                    "it",
                    "its",
                    "me",
                    "my",
                    "of",
                    "on",
                    "or",
                    "our",
                    "she",
                    "so",
                    "that",
                    "the",
                    "their",
                    "them",
                    "then",
                    "there",
                    "these",
                    "they",
                    "this",
                    "to",
                    "tell",
                    "was",
                    "we",
                    "were",
                    "what",
                    "when",
                    "where",
                    "which",
                    "who",
                    "whom",
                    "why",
                    "will",
                    "with",
                    "would",
                    "you",
                    "your",
                    "yours",
                    "yourself",
                    "any",
                    "some",
                    "all",
                    "more",
                    "most",
                    "very",
                    "just",
                    "also",
                    "please",
                    "know",
                    "like",
                    "much",
                    "many",
                    "ever",
                    "really",
                    "s",
                    "t",
                    "re",
                    "ve",
                    "ll",
                    "d",
                    "m");

    /** One indexed passage and its term frequencies. */
    record Doc(String text, Map<String, Integer> tf, int length) {}

    /** A passage with its score and the query terms it contains. */
    record Hit(String text, double score, int position, Set<String> matched) {}

    private final List<Doc> docs = new ArrayList<>();
    private final Map<String, Integer> df = new HashMap<>();
    private double avgLength;

    Bm25Index(List<String> passages) {
        long total = 0;
        for (String p : passages) {
            List<String> terms = terms(p);
            if (terms.isEmpty()) {
                continue;
            }
            Map<String, Integer> tf = new HashMap<>();
            for (String t : terms) {
                tf.merge(t, 1, Integer::sum);
            }
            for (String t : tf.keySet()) {
                df.merge(t, 1, Integer::sum);
            }
            docs.add(new Doc(p, tf, terms.size()));
            total += terms.size();
        }
        avgLength = docs.isEmpty() ? 1 : (double) total / docs.size();
    }

    int size() {
        return docs.size();
    }

    /** All passages with a positive score, best first. */
    List<Hit> search(String query) {
        List<String> q = terms(query);
        List<Hit> hits = new ArrayList<>();
        int n = docs.size();
        for (int i = 0; i < n; i++) {
            Doc d = docs.get(i);
            double score = 0;
            Set<String> matched = new HashSet<>();
            for (String t : Set.copyOf(q)) {
                Integer f = d.tf().get(t);
                if (f == null) {
                    continue;
                }
                matched.add(t);
                int dft = df.get(t);
                double idf = Math.log(1 + (n - dft + 0.5) / (dft + 0.5));
                score += idf * (f * (K1 + 1)) / (f + K1 * (1 - B + B * d.length() / avgLength));
            }
            if (score > 0) {
                hits.add(new Hit(d.text(), score, i, matched));
            }
        }
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits;
    }

    /** Lower-case word stems without stop words. */
    static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        int len = lower.length();
        while (i < len) {
            while (i < len && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < len && Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            if (i > start) {
                String w = lower.substring(start, i);
                if (!STOPWORDS.contains(w)) {
                    out.add(stem(w));
                }
            }
        }
        return out;
    }

    /**
     * A deliberately light suffix stripper: enough to match "languages"/"language",
     * "baking"/"bake".
     */
    static String stem(String w) {
        if (w.length() > 5 && w.endsWith("ing")) {
            return trimE(w.substring(0, w.length() - 3));
        }
        if (w.length() > 4 && (w.endsWith("ies") || w.endsWith("ied"))) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return trimE(w.substring(0, w.length() - 2));
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
            return trimE(w.substring(0, w.length() - 1));
        }
        return trimE(w);
    }

    private static String trimE(String w) {
        return w.length() > 3 && w.endsWith("e") ? w.substring(0, w.length() - 1) : w;
    }
}
