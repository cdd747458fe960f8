package io.tenantry.local.template;

import java.util.function.Function;

/** The {@code ${…}} syntax of {@code Fn::Sub}; {@code ${!Literal}} stands for {@code ${Literal}}. */
final class SubTemplate {
    private SubTemplate() {}

    static String render(String text, String path, Function<String, String> variables) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("${", at);
            if (open < 0) {
                out.append(text, at, text.length());
                break;
            }
            int close = text.indexOf('}', open + 2);
            if (close < 0) {
                throw new TemplateException(path + ": unterminated ${ in " + Nodes.describe(text));
            }
            out.append(text, at, open);
            String name = text.substring(open + 2, close);
            if (name.startsWith("!")) {
                out.append("${").append(name.substring(1)).append('}');
            } else {
                out.append(variables.apply(name.trim()));
            }
            at = close + 1;
        }
        return out.toString();
    }
}
