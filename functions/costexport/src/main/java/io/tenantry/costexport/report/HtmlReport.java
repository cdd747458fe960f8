package io.tenantry.costexport.report;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the totals, a
 * bar chart of the most costly tenants and the table of the top tenants by attributed cost. The full list is the
 * CSV; the page lists at most the configured top N so that it stays readable and the export's memory stays flat.
 */
public final class HtmlReport {
    /** How many tenants the bar chart shows. */
    public static final int CHART_BARS = 10;

    private static final int BAR_WIDTH = 520;
    private static final int BAR_HEIGHT = 22;
    private static final int LABEL_WIDTH = 280;

    /** What the page says above the chart. */
    public record Heading(
            String from,
            String to,
            String source,
            String pricesVersion,
            long activeTenants,
            long deletedTenants,
            long totalCents,
            long attributedCents,
            long naiveCents,
            boolean balanced) {}

    private HtmlReport() {}

    public static byte[] render(Heading heading, List<PricedRow> top) {
        StringBuilder html = new StringBuilder(4096 + top.size() * 400);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Cost per tenant, ")
                .append(escape(heading.from()))
                .append(" to ")
                .append(escape(heading.to()))
                .append("</title>\n<style>\n")
                .append(
                        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1f24}\n")
                .append(
                        "table{border-collapse:collapse;font-size:.9rem}th,td{padding:.3rem .6rem;border-bottom:1px solid #d0d7de}\n")
                .append(
                        "th{text-align:left;background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(
                        ".deleted{color:#9a6700;font-size:.8rem;margin-left:.4rem}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}\n")
                .append("dt{font-weight:600}svg text{font-size:12px}\n</style>\n</head>\n<body>\n");
        html.append("<h1>Cost per tenant</h1>\n<dl>\n");
        term(html, "Period", heading.from() + " to " + heading.to() + " (UTC, both days included)");
        term(html, "Cost source", heading.source() + ", prices " + heading.pricesVersion());
        term(html, "Infrastructure cost", "$" + PricedRow.usd(heading.totalCents()));
        term(
                html,
                "Active tenants",
                heading.activeTenants()
                        + (heading.deletedTenants() > 0 ? " (" + heading.deletedTenants() + " deleted)" : ""));
        term(html, "Naive cost per tenant", "$" + PricedRow.usd(heading.naiveCents()));
        term(
                html,
                "Check",
                "attributed costs add up to $" + PricedRow.usd(heading.attributedCents())
                        + (heading.balanced() ? ": balanced to the cent" : ": NOT balanced"));
        html.append("</dl>\n");
        chart(html, top.subList(0, Math.min(CHART_BARS, top.size())));
        table(html, heading, top);
        html.append("</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void chart(StringBuilder html, List<PricedRow> bars) {
        html.append("<h2>Most costly tenants</h2>\n");
        if (bars.isEmpty()) {
            html.append("<p>No tenant used the service in this period.</p>\n");
            return;
        }
        // Bars are proportional to the exact shares, so a day that costs under a cent still draws its ranking.
        double max = bars.getFirst().sharePercent().doubleValue();
        int height = bars.size() * (BAR_HEIGHT + 6) + 6;
        int width = LABEL_WIDTH + BAR_WIDTH + 90;
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" aria-label=\"Attributed cost of the ")
                .append(bars.size())
                .append(" most costly tenants\">\n");
        int y = 6;
        for (PricedRow row : bars) {
            long barWidth = max <= 0
                    ? 1
                    : Math.max(1, Math.round(BAR_WIDTH * row.sharePercent().doubleValue() / max));
            html.append("<g class=\"bar\"><title>")
                    .append(escape(row.label()))
                    .append(": $")
                    .append(PricedRow.usd(row.attributedCents()))
                    .append("</title>")
                    .append("<text x=\"")
                    .append(LABEL_WIDTH - 8)
                    .append("\" y=\"")
                    .append(y + 15)
                    .append("\" text-anchor=\"end\">")
                    .append(escape(shorten(row.label())))
                    .append("</text><rect x=\"")
                    .append(LABEL_WIDTH)
                    .append("\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(barWidth)
                    .append("\" height=\"")
                    .append(BAR_HEIGHT)
                    .append("\" fill=\"")
                    .append(row.usage().deleted() ? "#bf8700" : "#0969da")
                    .append("\"/><text x=\"")
                    .append(LABEL_WIDTH + barWidth + 6)
                    .append("\" y=\"")
                    .append(y + 15)
                    .append("\">$")
                    .append(PricedRow.usd(row.attributedCents()))
                    .append("</text></g>\n");
            y += BAR_HEIGHT + 6;
        }
        html.append("</svg>\n");
    }

    private static void table(StringBuilder html, Heading heading, List<PricedRow> top) {
        html.append("<h2>Tenants by attributed cost</h2>\n<p>")
                .append(
                        top.size() < heading.activeTenants()
                                ? "The " + top.size() + " most costly of " + heading.activeTenants()
                                        + " tenants; cost-per-tenant.csv lists every one."
                                : "Every tenant active in the period.")
                .append("</p>\n<table>\n<thead><tr><th>#</th><th>Tenant</th><th>Plan</th><th>Requests</th>")
                .append("<th>Compute GB-s</th><th>Storage GB-days</th><th>Media</th><th>Invoices</th>")
                .append("<th>Attributed USD</th><th>Naive USD</th><th>Share %</th></tr></thead>\n<tbody>\n");
        int rank = 1;
        for (PricedRow row : top) {
            html.append("<tr><td class=\"n\">")
                    .append(rank++)
                    .append("</td><td><span title=\"")
                    .append(escape(row.usage().tenantId()))
                    .append("\">")
                    .append(escape(row.label()))
                    .append("</span>");
            if (row.usage().deleted()) {
                html.append("<span class=\"deleted\">deleted</span>");
            }
            html.append("</td><td>").append(escape(row.usage().plan())).append("</td>");
            number(html, Long.toString(row.usage().requests()));
            number(html, PricedRow.sixDecimals(row.usage().computeGbSeconds()));
            number(html, PricedRow.sixDecimals(row.usage().storageGbDays()));
            number(html, Long.toString(row.usage().mediaProcessed()));
            number(html, Long.toString(row.usage().invoicesRendered()));
            number(html, PricedRow.usd(row.attributedCents()));
            number(html, PricedRow.usd(row.naiveCents()));
            number(html, row.sharePercent().toPlainString());
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void term(StringBuilder html, String term, String value) {
        html.append("<dt>")
                .append(escape(term))
                .append("</dt><dd>")
                .append(escape(value))
                .append("</dd>\n");
    }

    private static void number(StringBuilder html, String value) {
        html.append("<td class=\"n\">").append(escape(value)).append("</td>");
    }

    private static String shorten(String label) {
        return label.length() <= 32 ? label : label.substring(0, 31) + "…";
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
