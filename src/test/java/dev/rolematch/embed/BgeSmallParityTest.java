package dev.rolematch.embed;

class BgeSmallParityTest extends AbstractParityTest {
  @Override
  String modelId() {
    return EmbedTestSupport.BGE_SMALL;
  }
}
