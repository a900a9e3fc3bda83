package dev.rolematch.embed;

class MiniLmParityTest extends AbstractParityTest {
  @Override
  String modelId() {
    return EmbedTestSupport.MINILM;
  }
}
