package io.patchbay.load.report;

/** Escaping of text for HTML and inline SVG: element content and double- or single-quoted attribute values. */
final class Html {

    private Html() {
    }

    /** {@code text} with &amp; &lt; &gt; &quot; &#39; escaped; null becomes the empty string. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
