package dev.rolematch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file's two formats, and the errors of a malformed one (which never quote a token). */
class TokensTest {

  @Test
  void theOneTokenFileStillWorks(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("token");
    Files.writeString(f, "  s3cret-token-1\n\n");
    Tokens t = Tokens.parse(ServerConfig.readToken(f), "f");
    assertFalse(t.namesUsers());
    assertEquals(Optional.of(new Tokens.Caller("default", true)), t.find("s3cret-token-1"));
    assertEquals(Optional.empty(), t.find("s3cret-token-2"));
  }

  @Test
  void linesNameUsersAndRoles() {
    Tokens t = Tokens.parse("# team\nt-admin ann admin\nt-rec1 rob\nt-rec2 rob RECRUITER\n\nt-eve eve recruiter\n", "f");
    assertTrue(t.namesUsers());
    assertEquals(Optional.of(new Tokens.Caller("ann", true)), t.find("t-admin"));
    assertEquals(Optional.of(new Tokens.Caller("rob", false)), t.find("t-rec1"));
    assertEquals(Optional.of(new Tokens.Caller("rob", false)), t.find("t-rec2"));
    assertEquals(Optional.of(new Tokens.Caller("eve", false)), t.find("t-eve"));
    assertEquals(Optional.empty(), t.find("ann"));
  }

  @Test
  void malformedFilesAreRefusedWithoutQuotingTokens(@TempDir Path tmp) throws Exception {
    for (String bad : new String[] {"tok-1 ann\nlonely-token\n", "tok-1 ann boss\n", "tok-1 ann\ntok-1 bob\n",
        "tok-1 'ann smith'\n", "tok-1 a b c\n", "# only a comment\n"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokens.parse(bad, "f"), bad);
      assertFalse(e.getMessage().contains("tok-1") || e.getMessage().contains("lonely-token"), e.getMessage());
    }
    Path f = tmp.resolve("tokens");
    Files.writeString(f, "tok-1 ann\nlonely-token\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.readToken(f));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
