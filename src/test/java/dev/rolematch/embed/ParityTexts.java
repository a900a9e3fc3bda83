package dev.rolematch.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed, deterministic corpus of awkward texts for parity and determinism tests: short and
 * long (several paragraphs, past any model's max tokens), non-ASCII scripts, emoji, code, lists,
 * single tokens, numbers, URLs, mixed case, repeated words, and generated sentences of varied
 * length.
 */
final class ParityTexts {
  private ParityTexts() {}

  static final List<String> HANDWRITTEN =
      List.of(
          // job-matching flavoured prose
          "Senior Java engineer with eight years of experience building payment systems.",
          "We are hiring a data scientist to own our forecasting models end to end.",
          "Looking for a nurse practitioner for a busy rural clinic; night shifts required.",
          "Candidate: fluent in Kubernetes, Terraform and AWS; led a migration off bare metal.",
          "Part-time bookkeeper wanted (15 h/week), QuickBooks and payroll a plus.",
          "She managed a team of 12 and cut onboarding time by 40% in one year.",
          "Remote-first startup seeks a product designer who loves accessibility.",
          "Truck driver, CDL class A, clean record, willing to do long haul.",
          "PhD in computational linguistics; published on low-resource machine translation.",
          "Entry level warehouse associate - no experience needed, forklift training provided.",
          // single tokens, tiny inputs, numbers
          "a",
          "Java",
          "?",
          "42",
          "3.14159265358979323846",
          "-273.15 °C",
          "1,000,000 USD / year (before tax)",
          "2024-06-01T12:34:56Z",
          "+1 (555) 010-9999 ext. 42",
          "ISO 9001:2015 / IEC 27001",
          // URLs, emails, paths
          "https://example.com/jobs?id=12345&ref=linkedin#apply",
          "Send your CV to jobs@example.org or visit http://careers.example.org/en-US/",
          "C:\\Users\\jane\\Documents\\résumé_final_v3.pdf",
          "/var/log/nginx/access.log.1.gz",
          // mixed case, acronyms, camelCase
          "MACHINE LEARNING ENGINEER - NLP / LLM / RAG",
          "iOS and macOS developer; SwiftUI, UIKit, CoreData",
          "camelCaseIdentifiersAndSnake_case_names_andKebab-case-too",
          "McDonald's O'Neill d'Artagnan JavaScript TypeScript PostgreSQL",
          "tHiS tExT hAs WeIrD cApItAlIsAtIoN",
          // repeated words and characters
          "data data data data data data data data data data data data",
          "very very very very very very very very very very very good engineer",
          "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          "go go go go go go go go go go go go go go go go go go go go go go go go go go go",
          // accents and European scripts
          "Ingénieur logiciel confirmé, à l'aise avec les systèmes distribués et l'équipe.",
          "Wir suchen eine Softwareentwicklerin (m/w/d) für unser Büro in München.",
          "Se busca cocinero/a con experiencia en cocina española; jornada completa.",
          "Kỹ sư phần mềm có kinh nghiệm với Python và học máy.",
          "Zażółć gęślą jaźń — programista C++ z doświadczeniem w systemach czasu rzeczywistego.",
          "Ищем backend-разработчика: Go, PostgreSQL, Kafka; удалённая работа.",
          "Ελληνικά: μηχανικός λογισμικού με εμπειρία στην Java.",
          "Çok iyi derecede İngilizce bilen yazılım mühendisi aranıyor.",
          "Ångström, naïve café, façade, coöperate, Øresund, smørrebrød",
          // CJK, Arabic, Hebrew, Indic, Thai
          "我们正在招聘一名高级后端工程师，熟悉分布式系统和微服务架构。",
          "東京オフィスでフルスタックエンジニアを募集しています。React と Go の経験者歓迎。",
          "서울에서 데이터 엔지니어를 채용합니다. 스파크와 에어플로우 경험 우대.",
          "نبحث عن مهندس برمجيات ذو خبرة في تطوير تطبيقات الويب.",
          "אנחנו מחפשים מפתח/ת פול סטאק עם ניסיון ב-React.",
          "हम एक अनुभवी डेटा विश्लेषक की तलाश में हैं।",
          "รับสมัครวิศวกรซอฟต์แวร์ที่มีประสบการณ์ด้าน Java",
          "Mixed: Java开发 / エンジニア / 개발자 / مطور / developer",
          // emoji
          "🚀 Join our rocket team! 🚀",
          "Great culture 😊👍 free snacks 🍕🍩 and a dog-friendly office 🐶",
          "👩‍💻👨‍💻 pair programming every day 🔥🔥🔥",
          "🇫🇷🇩🇪🇯🇵 multilingual support desk",
          "✅ Python ✅ SQL ❌ no recruiters please",
          // code snippets
          "public static void main(String[] args) { System.out.println(\"Hello\"); }",
          "def embed(texts):\n    return [model(t) for t in texts if t]\n",
          "SELECT name, salary FROM employees WHERE dept = 'R&D' ORDER BY salary DESC LIMIT 10;",
          "{\"role\": \"engineer\", \"skills\": [\"java\", \"lucene\"], \"remote\": true}",
          "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; } // dot product",
          "#include <stdio.h>\nint main(void) { return 0; }",
          "kubectl get pods -n prod | grep -v Running | awk '{print $1}'",
          "<div class=\"job\"><h1>Engineer</h1><p>Apply &amp; join</p></div>",
          // bullet lists, markdown, whitespace
          "Requirements:\n- 5+ years Java\n- Spring Boot\n- SQL\n- Good communication",
          "* Leadership\n* Mentoring\n* Hiring\n* Roadmaps\n* Budgets",
          "1. Apply online\n2. Phone screen\n3. Technical interview\n4. Offer",
          "## Responsibilities\n\n**Own** the search stack; _improve_ relevance; `ship` weekly.",
          "\tIndented\twith\ttabs\tand   multiple   spaces   between   words   ",
          "Line one\r\nLine two\r\nLine three",
          "• Bullet with unicode dots • second item • third item",
          "| skill | years |\n|-------|-------|\n| Java  | 8     |\n| Go    | 3     |");

  private static final String[] WORDS = {
    "engineer", "manager", "team", "python", "java", "customer", "sales", "design", "cloud",
    "support", "remote", "senior", "junior", "lead", "data", "analysis", "report", "budget",
    "hospital", "teacher", "school", "driver", "warehouse", "logistics", "finance", "audit",
    "marketing", "brand", "social", "media", "kitchen", "chef", "restaurant", "security",
    "network", "linux", "kubernetes", "database", "research", "biology", "chemistry", "lab",
    "contract", "full-time", "part-time", "salary", "benefits", "experience", "years", "degree",
    "the", "a", "of", "and", "with", "for", "in", "on", "to", "we", "are", "looking", "you",
    "will", "work", "build", "ship", "own", "improve", "café", "naïve", "résumé", "東京", "数据",
    "😊", "🚀", "2024", "100%", "C++", "C#", "node.js", "e-mail", "co-op", "M.Sc.", "U.S.A."
  };

  private static final String[] SENTENCES = {
    "Our team builds the search and matching engine that connects candidates with roles.",
    "You will design, implement and operate services that handle millions of requests per day.",
    "We value clear writing, careful code review and kindness toward colleagues and users.",
    "The ideal candidate has shipped production systems and enjoys debugging hard problems.",
    "Experience with information retrieval, ranking or recommendation systems is a strong plus.",
    "We offer flexible hours, a learning budget, parental leave and a hybrid office policy.",
    "Responsibilities include mentoring junior engineers and shaping the technical roadmap.",
    "Nous proposons un environnement international où l'autonomie est encouragée.",
    "私たちは多様なバックグラウンドを持つ仲間を歓迎します。",
    "Please include links to projects, papers or repositories that show your work.",
  };

  /** Long texts: several paragraphs, well past 512 word pieces. */
  static List<String> longTexts() {
    List<String> out = new ArrayList<>();
    Random r = new Random(7);
    for (int n = 0; n < 8; n++) {
      StringBuilder sb = new StringBuilder();
      int paragraphs = 3 + n;
      for (int p = 0; p < paragraphs; p++) {
        int sentences = 4 + r.nextInt(6);
        for (int s = 0; s < sentences; s++) {
          sb.append(SENTENCES[r.nextInt(SENTENCES.length)]).append(' ');
          if (r.nextInt(4) == 0) {
            sb.append(sentenceOf(r, 5 + r.nextInt(20))).append(' ');
          }
        }
        sb.append("\n\n");
      }
      out.add(sb.toString().strip());
    }
    // one very long single "paragraph" of repeated words, and one of CJK characters
    out.add("experience ".repeat(1500).strip());
    out.add("数据工程师负责构建和维护数据管道。".repeat(120));
    return out;
  }

  /** Generated sentences of 1..120 words from a mixed vocabulary. */
  static List<String> generated(int count, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int words = 1 + (int) Math.round(Math.pow(r.nextDouble(), 2) * 119);
      out.add(sentenceOf(r, words));
    }
    return out;
  }

  private static String sentenceOf(Random r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < words; w++) {
      String word = WORDS[r.nextInt(WORDS.length)];
      if (r.nextInt(10) == 0) {
        word = word.toUpperCase(java.util.Locale.ROOT);
      } else if (r.nextInt(8) == 0) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      }
      sb.append(w == 0 ? "" : r.nextInt(12) == 0 ? ", " : " ").append(word);
    }
    return sb.append(r.nextInt(3) == 0 ? "." : "").toString();
  }

  /** The full parity corpus: handwritten + long + generated (at least 200 texts). */
  static List<String> all() {
    List<String> out = new ArrayList<>(HANDWRITTEN);
    out.addAll(longTexts());
    out.addAll(generated(130, 42));
    return out;
  }
}
