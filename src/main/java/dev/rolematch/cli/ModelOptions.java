package dev.rolematch.cli;

import dev.rolematch.app.Home;
import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.EncoderChoice;
import dev.rolematch.embed.ModelCatalog;
import dev.rolematch.embed.ModelDescriptor;
import dev.rolematch.embed.TransformerEmbedder;
import java.io.IOException;
import picocli.CommandLine.Option;

/** {@code --model}, {@code --device} and {@code --encoder}, shared by every command that embeds. */
public final class ModelOptions {

  @Option(
      names = "--model",
      paramLabel = "ID|FILE",
      description = "model id from models/ or a descriptor .json (default: ${DEFAULT-VALUE})",
      defaultValue = ModelCatalog.DEFAULT_MODEL)
  public String model;

  @Option(
      names = "--device",
      paramLabel = "auto|cpu|gpu",
      description = "where the model runs (default: ${DEFAULT-VALUE}: a GPU when DJL sees one)",
      defaultValue = "auto")
  public String device;

  @Option(
      names = "--encoder",
      paramLabel = "ops|fused",
      description = "forward pass of onnx-bert models: fused (TorchScript with PyTorch's fused kernels) "
          + "or ops (op by op in DJL NDArrays, the reference); default: the system property "
          + EncoderChoice.PROPERTY + ", else fused")
  public String encoder;

  public EncoderChoice encoderChoice() {
    return encoder == null ? EncoderChoice.configured() : EncoderChoice.parse(encoder);
  }

  public ModelDescriptor descriptor() throws IOException {
    return Home.modelCatalog().resolve(model);
  }

  public TransformerEmbedder open() throws IOException {
    return Embedders.open(descriptor(), DeviceChoice.parse(device), encoderChoice());
  }
}
