package dev.rolematch.embed;

/** The fused encoder (TorchScript, PyTorch's fused kernels) against ONNX Runtime. */
class FusedBgeSmallParityTest extends AbstractParityTest {
  @Override
  String modelId() {
    return EmbedTestSupport.BGE_SMALL;
  }

  @Override
  EncoderChoice encoder() {
    return EncoderChoice.FUSED;
  }
}
