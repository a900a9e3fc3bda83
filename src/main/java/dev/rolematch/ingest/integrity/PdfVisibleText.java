package dev.rolematch.ingest.integrity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorN;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorSpace;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceCMYKColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceGrayColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceRGBColor;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.state.PDGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * A PDF's text as a reader sees it: PDFBox's text extraction, minus the glyphs nobody can see on
 * the page, which are returned apart as {@link IntegrityFlag#HIDDEN_TEXT} flags. Hidden means:
 * filled in white or near-white (every RGB channel at least {@value #NEAR_WHITE} of 255; resumes
 * are printed on white), smaller than {@value #TINY_POINTS} pt, drawn in the invisible text
 * rendering mode, or placed outside the page's crop box. Colour is the graphics state's
 * non-stroking colour, which plain {@link PDFTextStripper} does not track: the colour operators
 * are registered here. Text under an image is not detected.
 */
public final class PdfVisibleText extends PDFTextStripper {

  static final int NEAR_WHITE = 235;
  static final float TINY_POINTS = 2.5f;

  /** Visible text and one flag per kind of hiding that was found. */
  public record Result(String text, List<IntegrityFlag> flags) {}

  private final Map<String, StringBuilder> hidden = new LinkedHashMap<>();
  private TextPosition lastHidden;
  private String lastReason;

  private PdfVisibleText() {
    addOperator(new SetNonStrokingColorSpace(this));
    addOperator(new SetNonStrokingColor(this));
    addOperator(new SetNonStrokingColorN(this));
    addOperator(new SetNonStrokingDeviceRGBColor(this));
    addOperator(new SetNonStrokingDeviceGrayColor(this));
    addOperator(new SetNonStrokingDeviceCMYKColor(this));
    setLineSeparator("\n");
  }

  /** Reads the visible text of every page (the same as PDFBox's text when nothing is hidden). */
  public static Result read(PDDocument doc) throws IOException {
    PdfVisibleText stripper = new PdfVisibleText();
    String text = stripper.getText(doc);
    List<IntegrityFlag> flags = new ArrayList<>();
    for (Map.Entry<String, StringBuilder> e : stripper.hidden.entrySet()) {
      String words = e.getValue().toString().strip();
      if (words.isEmpty()) {
        continue;
      }
      flags.add(new IntegrityFlag(IntegrityFlag.HIDDEN_TEXT,
          "PDF text a reader cannot see (" + e.getKey() + "): " + wordCount(words)
              + " words kept out of the text that is embedded and scored",
          words));
    }
    return new Result(text, flags);
  }

  @Override
  protected void processTextPosition(TextPosition text) {
    String reason = hiddenReason(text);
    if (reason == null) {
      super.processTextPosition(text);
      return;
    }
    StringBuilder sb = hidden.computeIfAbsent(reason, r -> new StringBuilder());
    if (lastHidden != null && sb.length() > 0 && (!reason.equals(lastReason) || gapBefore(lastHidden, text))) {
      sb.append(' ');
    }
    sb.append(text.getUnicode());
    lastHidden = text;
    lastReason = reason;
  }

  /** A word break between two hidden glyphs: another line, or a gap of half a space. */
  private static boolean gapBefore(TextPosition prev, TextPosition next) {
    if (Math.abs(prev.getYDirAdj() - next.getYDirAdj()) > 1) {
      return true;
    }
    float gap = next.getXDirAdj() - (prev.getXDirAdj() + prev.getWidthDirAdj());
    float space = Math.max(0.5f, prev.getWidthOfSpace());
    return gap > space * 0.5f;
  }

  private String hiddenReason(TextPosition text) {
    String u = text.getUnicode();
    if (u == null || u.isBlank()) {
      return null; // a space decides nothing
    }
    PDGraphicsState gs = getGraphicsState();
    if (gs.getTextState().getRenderingMode() == RenderingMode.NEITHER) {
      return "invisible rendering mode";
    }
    if (text.getFontSizeInPt() > 0 && text.getFontSizeInPt() < TINY_POINTS) {
      return String.format(Locale.ROOT, "tiny font, %.1f pt", text.getFontSizeInPt());
    }
    float x = text.getXDirAdj();
    float y = text.getYDirAdj();
    if (x + text.getWidthDirAdj() < 0 || x > text.getPageWidth() || y < 0 || y - text.getHeightDir() > text.getPageHeight()) {
      return "outside the page";
    }
    PDColor color = gs.getNonStrokingColor();
    if (color != null && gs.getTextState().getRenderingMode().isFill()) {
      try {
        int rgb = color.toRGB();
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        if (r >= NEAR_WHITE && g >= NEAR_WHITE && b >= NEAR_WHITE) {
          return String.format(Locale.ROOT, "white or near-white text, #%06x", rgb & 0xffffff);
        }
      } catch (IOException | RuntimeException e) {
        return null; // a colour space PDFBox cannot convert: treat as visible
      }
    }
    return null;
  }

  private static int wordCount(String s) {
    return s.isBlank() ? 0 : s.strip().split("\\s+").length;
  }
}
