package dev.rolematch.embed;

/** The fused encoder (TorchScript, PyTorch's fused kernels) against ONNX Runtime. */
class FusedMiniLmParityTest extends AbstractParityTest {
  @Override
  String modelId() {
    return EmbedTestSupport.MINILM;
  }

  @Override
  EncoderChoice encoder() {
    return EncoderChoice.FUSED;
  }
}
