package io.tenantry.billing.service;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A PDF's pages and text, as a reader sees them. Reading needs the fonts' outlines, which the invoice writer's font
 * lookup ({@link InvoicePdf.NoFontFiles}) never hands out: PDFBox's own lookup is put back for the read, then the
 * writer's again.
 */
public final class PdfText {
    /** One read document. */
    public record Read(int pages, String text, String title) {}

    private PdfText() {}

    public static synchronized Read read(byte[] pdf) throws IOException {
        FontMapper writers = FontMappers.instance();
        FontMappers.set(null);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new Read(
                    document.getNumberOfPages(),
                    new PDFTextStripper().getText(document),
                    document.getDocumentInformation().getTitle());
        } finally {
            FontMappers.set(writers);
        }
    }
}
