package io.tenantry.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.billing.model.InvoiceLine;
import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The invoice document: what it says, that it says it the same way every time, its size and render time. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvoicePdfTest {
    static final InvoicePdf PDF = new InvoicePdf();

    static InvoicePdf.Content content(String tenantName) {
        return new InvoicePdf.Content(
                "inv_01JD3Q5R7C0000000000000V01",
                12,
                "ten_01JD3Q5R7C0000000000000001",
                tenantName,
                YearMonth.of(2026, 10),
                "pro",
                "v1",
                "USD",
                Instant.parse("2026-11-01T06:00:00Z"),
                List.of(
                        new InvoiceLine("Pro plan, monthly fee for 2026-10", 1, 4900, 4900),
                        new InvoiceLine(
                                "API requests: 5,123,456 used, 5,000,000 included; over that, 0.08 USD per 10,000 started",
                                13,
                                8,
                                104),
                        new InvoiceLine("Compute: 812.345 GB-seconds used, 50,000 GB-seconds included", 0, 15, 0),
                        new InvoiceLine("Storage: 0.000012 GB-months used, 50 GB-months included", 0, 8, 0),
                        new InvoiceLine("Media processed: 12 files used, 5,000 files included", 0, 40, 0)),
                5004,
                List.of("Money is integer cents of `currency`.", "A started block is billed in full."));
    }

    @Test
    void theDocument_namesTheTenantPeriodNumberLinesAndTotal() throws IOException {
        byte[] bytes = PDF.render(content("Acme Corp"));
        PdfText.Read read = PdfText.read(bytes);
        assertEquals(1, read.pages());
        String text = read.text();
        for (String expected : List.of(
                "INVOICE",
                "Invoice number: 12",
                "Acme Corp (ten_01JD3Q5R7C0000000000000001)",
                "Period: 2026-10 (2026-10-01 to 2026-10-31)",
                "Issued: 2026-11-01",
                "Pro plan, monthly fee for 2026-10",
                "49.00",
                "1.04",
                "Total due: 50.04 USD")) {
            assertTrue(text.contains(expected), expected + " in:\n" + text);
        }
        assertEquals("Invoice 12 - 2026-10", read.title());
    }

    @Test
    void charactersHelveticaCannotShow_printAsQuestionMarks_insteadOfFailing() throws IOException {
        byte[] bytes = PDF.render(content("東京 Ltd \u0000 <script>"));
        assertTrue(PdfText.read(bytes).text().contains("?? Ltd"));
    }

    /**
     * The document is written from the fonts' metrics alone: PDFBox is never given a font file, so it neither scans
     * the machine's fonts nor needs its bundled fallback font (which the artifact leaves out). Paired with PDFBox's
     * own lookup, which does hand out a font file for Helvetica.
     */
    @Test
    void noFontFileIsLookedUp_whereasPdfBoxsOwnLookupWouldReadOne() throws IOException {
        FontMappers.set(null); // PDFBox's own lookup
        assertNotNull(FontMappers.instance().getFontBoxFont("Helvetica", null).getFont());

        InvoicePdf pdf = new InvoicePdf();
        assertNull(FontMappers.instance().getFontBoxFont("Helvetica", null).getFont());
        assertNull(
                FontMappers.instance().getTrueTypeFont("Helvetica-Bold", null).getFont());
        assertTrue(PdfText.read(pdf.render(content("Acme Corp"))).text().contains("Total due: 50.04 USD"));
        assertNull(FontMappers.instance().getFontBoxFont("Helvetica", null).getFont(), "the writer's lookup is back");
    }

    /** First in the class, so that its first render also loads PDFBox and the font metrics (a cold start). */
    @Test
    @Order(1)
    void theDocumentIsSmall_andItsRenderTimesArePrinted() {
        long first = System.nanoTime();
        byte[] bytes = PDF.render(content("Acme Corp"));
        double firstMs = (System.nanoTime() - first) / 1e6;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            long started = System.nanoTime();
            PDF.render(content("Acme Corp"));
            warm.add((System.nanoTime() - started) / 1e6);
        }
        warm.sort(Double::compare);
        System.out.printf(
                "invoice pdf: %d bytes, first render %.1f ms, warm median %.2f ms, warm max %.2f ms%n",
                bytes.length, firstMs, warm.get(warm.size() / 2), warm.getLast());
        assertTrue(bytes.length < 16 * 1024, "bytes: " + bytes.length);
    }
}
