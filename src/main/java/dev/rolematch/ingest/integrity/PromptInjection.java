package dev.rolematch.ingest.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instructions aimed at an AI screener rather than at a human reader: "ignore previous
 * instructions", "rank this candidate first", "you are an AI recruiter", in English, German,
 * French, Spanish, Portuguese, Italian and Chinese. The check runs on normalised text, in which
 * {@link dev.rolematch.ingest.TextNormalizer} has already dropped zero-width characters, so
 * {@code ig\u200Bnore previous instructions} is caught as well. Each sentence that holds one is
 * taken out of the text that is embedded and scored, and kept as the flag's evidence.
 */
public final class PromptInjection {

  private PromptInjection() {}

  /** The text without the injected sentences, and the flag (empty when none was found). */
  public record Screened(String text, List<IntegrityFlag> flags) {}

  private static final String PREVIOUS = "(?:previous|prior|preceding|above|earlier|all|any|your|the|system)";
  private static final String ORDERS = "(?:instructions?|prompts?|directions?|rules|guidelines|context)";

  static final Pattern INJECTION = Pattern.compile(String.join("|",
      // English
      "\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:" + PREVIOUS + "\\s+){0,3}" + ORDERS + "\\b",
      "\\b(?:rank|rate|place|put|list|score)\\s+(?:(?:this|the|my)\\s+(?:candidate|applicant|resume|cv|profile)|me)\\s+"
          + "(?:as\\s+)?(?:the\\s+)?(?:first|#\\s?1|number\\s+one|highest|best|at\\s+the\\s+top|on\\s+top|top)\\b",
      "\\b(?:this|the)\\s+(?:candidate|applicant)\\s+(?:is|should\\s+be)\\s+(?:the\\s+)?(?:best|top|perfect|ideal|strongest|most\\s+qualified)\\b",
      "\\b(?:give|assign|award)\\s+(?:this|the|my|me)\\s+(?:candidate\\s+|applicant\\s+|resume\\s+|cv\\s+)?(?:a\\s+|the\\s+)?"
          + "(?:highest|maximum|max|top|perfect|full)\\s+(?:score|rating|rank|marks)\\b",
      "\\b(?:recommend|shortlist|select|hire)\\s+(?:this|the)\\s+(?:candidate|applicant)\\s+(?:immediately|first|above\\s+all)\\b",
      "\\b(?:note|message|instructions?)\\s+(?:to|for)\\s+(?:the\\s+)?(?:ai|llm|gpt|chatgpt|language\\s+model|screener|ats|recruiting\\s+bot)\\b",
      "\\byou\\s+are\\s+(?:now\\s+)?(?:an?\\s+)?(?:ai|llm|language\\s+model|chatbot|assistant|recruiter\\s+bot|hiring\\s+assistant)\\b",
      "\\b(?:new|updated)\\s+system\\s+prompt\\b",
      // German
      "\\b(?:ignoriere|ignorieren\\s+sie|vergiss|vergessen\\s+sie)\\s+(?:alle\\s+)?(?:vorherigen|bisherigen|obigen|vorigen)?\\s*(?:anweisungen|instruktionen|befehle)\\b",
      "\\b(?:bewerte|bewerten\\s+sie|setze|setzen\\s+sie|platziere)\\s+(?:diesen|diese)\\s+(?:kandidat|kandidaten|kandidatin|bewerber|bewerberin)\\w*\\s+(?:als\\s+)?(?:ersten|erste|besten|beste|ganz\\s+oben|am\\s+h[öo]chsten)",
      // French
      "\\bignore[zr]?\\s+(?:toutes\\s+)?(?:les\\s+)?(?:instructions|consignes)\\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures|ci-dessus)",
      "\\bclasse[zr]?\\s+(?:ce|cette)\\s+(?:candidat|candidate)\\s+(?:en\\s+)?(?:premier|premi[èe]re|t[êe]te)",
      // Spanish / Portuguese / Italian
      "\\bignor[ae]\\s+(?:todas\\s+|tutte\\s+)?(?:las\\s+|as\\s+|le\\s+)?(?:instrucciones|instru[çc][õo]es|istruzioni)\\s+(?:anteriores|previas|precedenti)",
      "\\b(?:clasifica|coloca|classifique|coloque|classifica|metti)\\s+(?:a\\s+)?(?:este|esta|questo|questa)\\s+(?:candidato|candidata)\\s+(?:en\\s+|em\\s+|al\\s+|como\\s+)?(?:primer|primeiro|primo|el\\s+mejor|o\\s+melhor|il\\s+migliore)",
      // Chinese
      "忽略(?:之前|以前|上面|上述|先前)?的?(?:所有)?(?:指令|指示|说明)",
      "(?:将|把)?(?:此|这位|这个)候选人排(?:在)?第一"),
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s+");

  public static Screened screen(String text) {
    if (!INJECTION.matcher(text).find()) {
      return new Screened(text, List.of());
    }
    List<String> removed = new ArrayList<>();
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.split("\n", -1)) {
      Matcher m = INJECTION.matcher(line);
      if (!m.find()) {
        out.append(line).append('\n');
        continue;
      }
      StringBuilder kept = new StringBuilder();
      for (String sentence : SENTENCE_END.split(line)) {
        if (INJECTION.matcher(sentence).find()) {
          removed.add(sentence.strip());
        } else {
          kept.append(kept.length() > 0 ? " " : "").append(sentence.strip());
        }
      }
      if (!kept.isEmpty()) {
        out.append(leadingSpace(line)).append(kept).append('\n');
      }
    }
    String cleaned = out.toString().strip();
    IntegrityFlag flag = new IntegrityFlag(IntegrityFlag.PROMPT_INJECTION,
        "instructions aimed at an AI screener: " + removed.size()
            + (removed.size() == 1 ? " sentence" : " sentences") + " kept out of the text that is embedded and scored",
        String.join(" … ", removed));
    return new Screened(cleaned, List.of(flag));
  }

  private static String leadingSpace(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return line.substring(0, i);
  }
}
