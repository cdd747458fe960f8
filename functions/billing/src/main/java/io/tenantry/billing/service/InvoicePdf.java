package io.tenantry.billing.service;

import io.micronaut.context.annotation.Requires;
import io.tenantry.billing.model.InvoiceLine;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Renders an invoice to a one-page A4 PDF with PDFBox: the tenant, the period, the invoice number,
 * one row per line (description, quantity, unit price, amount), the total, and the price list's
 * rules. The output depends on the invoice alone (its issue time is the document's date, its id
 * seeds the document id), so rendering an invoice twice gives the same bytes. Text uses the standard
 * Helvetica fonts (no font is embedded); characters they cannot show print as {@code ?}.
 *
 * <p>Writing with a standard font needs its metrics only (the AFM files in PDFBox), never a font file: PDFBox would
 * still look one up for each font it creates, scanning the machine's fonts and writing a cache file to the home
 * directory, then settling for its bundled LiberationSans with a warning (Lambda has no fonts). {@link
 * NoFontFiles} answers every such lookup with "none", so nothing is scanned or logged, and the artifact leaves
 * LiberationSans out (tools/shrinker/dropped-resources).
 *
 * <p>Only the invoice worker's artifact carries PDFBox (the Makefile's {@code WITHOUT_*} lists,
 * docs/artifacts.md), so the bean exists only where the library does.
 */
@Singleton
@Requires(classes = PDDocument.class)
public class InvoicePdf {
    private static final float MARGIN = 56;
    private static final float[] COLUMNS = {MARGIN, 360, 420, 490};
    private static final float RIGHT = PDRectangle.A4.getWidth() - MARGIN;
    private static final float DESCRIPTION_WIDTH = COLUMNS[1] - COLUMNS[0] - 12;

    public InvoicePdf() {
        FontMappers.set(new NoFontFiles());
    }

    /** Everything the document shows. */
    public record Content(
            String invoiceId,
            long number,
            String tenantId,
            String tenantName,
            YearMonth period,
            String plan,
            String pricingVersion,
            String currency,
            Instant issuedAt,
            List<InvoiceLine> lines,
            long totalCents,
            List<String> notes) {}

    public byte[] render(Content content) {
        try (PDDocument document = new PDDocument()) {
            PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                Writer writer = new Writer(out, regular, bold);
                writer.write(content);
            }
            describe(document, content);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Rendering invoice " + content.invoiceId() + " failed", e);
        }
    }

    private static void describe(PDDocument document, Content content) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("Invoice " + content.number() + " - " + content.period());
        info.setAuthor("Tenantry");
        info.setCreator("Tenantry billing");
        info.setProducer("Tenantry billing");
        Calendar issued = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
        issued.setTimeInMillis(content.issuedAt().toEpochMilli());
        info.setCreationDate(issued);
        info.setModificationDate(issued);
        document.setDocumentId(seed(content.invoiceId()));
    }

    private static long seed(String invoiceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(invoiceId.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Cents as {@code 1,234.56}. */
    static String money(long cents) {
        return String.format(java.util.Locale.US, "%,.2f", BigDecimal.valueOf(cents, 2));
    }

    /** PDFBox's font lookup, answering that there is no font file for any name (see the class comment). */
    static final class NoFontFiles implements FontMapper {
        @Override
        public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor descriptor) {
            return new FontMapping<>(null, false);
        }

        @Override
        public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor descriptor) {
            return new FontMapping<>(null, false);
        }

        @Override
        public CIDFontMapping getCIDFont(String baseFont, PDFontDescriptor descriptor, PDCIDSystemInfo systemInfo) {
            return new CIDFontMapping(null, null, false);
        }
    }

    /** Writes top to bottom on one page. */
    private static final class Writer {
        private final PDPageContentStream out;
        private final PDFont regular;
        private final PDFont bold;
        private float y = PDRectangle.A4.getHeight() - MARGIN;

        Writer(PDPageContentStream out, PDFont regular, PDFont bold) {
            this.out = out;
            this.regular = regular;
            this.bold = bold;
        }

        void write(Content c) throws IOException {
            text(bold, 20, MARGIN, "Tenantry");
            text(bold, 16, RIGHT - width(bold, 16, "INVOICE"), "INVOICE");
            y -= 30;
            field("Invoice number", Long.toString(c.number()));
            field("Invoice id", c.invoiceId());
            List<String> tenant = wrap(regular, 10, c.tenantName() + " (" + c.tenantId() + ")", RIGHT - MARGIN - 110);
            for (int i = 0; i < tenant.size(); i++) {
                field(i == 0 ? "Tenant" : "", tenant.get(i));
            }
            LocalDate first = c.period().atDay(1);
            LocalDate last = c.period().atEndOfMonth();
            field("Period", c.period() + " (" + first + " to " + last + ")");
            field("Issued", LocalDate.ofInstant(c.issuedAt(), ZoneOffset.UTC).toString());
            field("Plan", c.plan() + ", prices " + c.pricingVersion() + ", amounts in " + c.currency());
            y -= 18;

            header();
            for (InvoiceLine line : c.lines()) {
                row(line);
            }
            y -= 6;
            rule();
            y -= 18;
            String total = "Total due: " + money(c.totalCents()) + " " + c.currency();
            text(bold, 13, RIGHT - width(bold, 13, total), total);
            y -= 34;

            text(bold, 9, MARGIN, "How this invoice is computed");
            y -= 13;
            for (String note : c.notes()) {
                for (String line : wrap(regular, 8, "- " + note, RIGHT - MARGIN)) {
                    text(regular, 8, MARGIN, line);
                    y -= 11;
                }
            }
        }

        private void field(String label, String value) throws IOException {
            if (!label.isEmpty()) {
                text(bold, 10, MARGIN, label + ":");
            }
            text(regular, 10, MARGIN + 110, value);
            y -= 15;
        }

        private void header() throws IOException {
            text(bold, 9, COLUMNS[0], "Description");
            rightAligned(bold, 9, COLUMNS[2] - 8, "Quantity");
            rightAligned(bold, 9, COLUMNS[3] - 8, "Unit price");
            rightAligned(bold, 9, RIGHT, "Amount");
            y -= 6;
            rule();
            y -= 14;
        }

        private void row(InvoiceLine line) throws IOException {
            List<String> description = wrap(regular, 9, line.description(), DESCRIPTION_WIDTH);
            // The description's first line, then the numbers on it: text extraction reads them in that order.
            for (int i = 0; i < description.size(); i++) {
                text(regular, 9, COLUMNS[0], description.get(i));
                if (i == 0) {
                    rightAligned(regular, 9, COLUMNS[2] - 8, Long.toString(line.quantity()));
                    rightAligned(regular, 9, COLUMNS[3] - 8, money(line.unitCents()));
                    rightAligned(regular, 9, RIGHT, money(line.amountCents()));
                }
                y -= 12;
            }
            y -= 4;
        }

        private void rule() throws IOException {
            out.setLineWidth(0.5f);
            out.moveTo(MARGIN, y);
            out.lineTo(RIGHT, y);
            out.stroke();
        }

        private void rightAligned(PDFont font, float size, float right, String value) throws IOException {
            text(font, size, right - width(font, size, value), value);
        }

        private void text(PDFont font, float size, float x, String value) throws IOException {
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(x, y);
            out.showText(printable(font, value));
            out.endText();
        }

        private static float width(PDFont font, float size, String value) throws IOException {
            return font.getStringWidth(printable(font, value)) / 1000f * size;
        }

        /** Splits a text into lines no wider than {@code maxWidth}, at spaces where possible. */
        private static List<String> wrap(PDFont font, float size, String value, float maxWidth) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : printable(font, value).split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(font, size, candidate) <= maxWidth) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(font, size, rest) > maxWidth && rest.length() > 1) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && width(font, size, rest.substring(0, cut)) > maxWidth) {
                        cut--;
                    }
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            if (!line.isEmpty() || lines.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        /** The text with what the font cannot encode replaced by {@code ?} and control characters by spaces. */
        private static String printable(PDFont font, String value) {
            StringBuilder result = new StringBuilder(value.length());
            value.codePoints().forEach(cp -> {
                if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
                    result.append(' ');
                    return;
                }
                String glyph = new String(Character.toChars(cp));
                try {
                    font.encode(glyph);
                    result.append(glyph);
                } catch (IOException | IllegalArgumentException e) {
                    result.append('?');
                }
            });
            return result.toString();
        }
    }
}
