package io.patchbay.signaling.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The series selectors of a PromQL expression (metric name and label matchers), enough to check that dashboards and
 * alert rules ask for series that exist. Not a PromQL parser: it walks identifiers, skipping function and operator
 * names, grouping label lists ({@code by (...)}, {@code on (...)}, ...), ranges ({@code [5m]}), numbers and Grafana
 * variables ({@code $pod}).
 */
final class PromQl {
    record Matcher(String label, String op, String value) {
    }

    record Selector(String metric, List<Matcher> matchers) {
    }

    /** Aggregations, binary and modifier keywords: never metric names, even when not followed by "(". */
    private static final Set<String> KEYWORDS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio", "by", "without", "on",
            "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");
    /** Keywords followed by a parenthesized list of label names. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    static List<Selector> selectors(String expr) {
        List<Selector> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                if (i == 0) throw new IllegalArgumentException("unclosed [ in " + expr);
            } else if (c == '$') {
                i = identifierEnd(expr, i + 1);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                // A number or a duration (5m, 1e3, 0.5): digits and the letters that follow them.
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) i++;
            } else if (c == '{') {
                // A selector without a metric name: {__name__="..."} is not used here.
                throw new IllegalArgumentException("selector without a metric name in " + expr);
            } else if (isIdentifierStart(c)) {
                int end = identifierEnd(expr, i);
                String word = expr.substring(i, end);
                int next = skipSpace(expr, end);
                if (LABEL_LISTS.contains(word) && next < n && expr.charAt(next) == '(') {
                    i = expr.indexOf(')', next) + 1;
                } else if (KEYWORDS.contains(word) || (next < n && expr.charAt(next) == '(')) {
                    i = end;
                } else {
                    List<Matcher> matchers = new ArrayList<>();
                    i = end;
                    if (next < n && expr.charAt(next) == '{') i = matchers(expr, next, matchers);
                    out.add(new Selector(word, matchers));
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /** Reads {@code {label op "value", ...}} from {@code open}; returns the index after '}'. */
    private static int matchers(String expr, int open, List<Matcher> out) {
        int i = open + 1;
        while (true) {
            i = skipSpace(expr, i);
            if (expr.charAt(i) == '}') return i + 1;
            if (expr.charAt(i) == ',') {
                i++;
                continue;
            }
            int end = identifierEnd(expr, i);
            String label = expr.substring(i, end);
            i = skipSpace(expr, end);
            int opStart = i;
            while ("=!~".indexOf(expr.charAt(i)) >= 0) i++;
            String op = expr.substring(opStart, i);
            i = skipSpace(expr, i);
            int close = skipString(expr, i);
            out.add(new Matcher(label, op, expr.substring(i + 1, close - 1)));
            i = close;
        }
    }

    private static int skipString(String expr, int start) {
        char quote = expr.charAt(start);
        int i = start + 1;
        while (expr.charAt(i) != quote) i += expr.charAt(i) == '\\' ? 2 : 1;
        return i + 1;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static int identifierEnd(String expr, int i) {
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) i++;
        return i;
    }

    private static int skipSpace(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) i++;
        return i;
    }
}
