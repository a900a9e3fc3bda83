package dev.rolematch.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

  @Test
  void autoTakesTheFirstGpuWhenThereIsOneElseTheCpu() {
    assertEquals(Device.cpu(), DeviceChoice.AUTO.resolve(0));
    assertEquals(Device.gpu(0), DeviceChoice.AUTO.resolve(1));
    assertEquals(Device.gpu(0), DeviceChoice.AUTO.resolve(4));
  }

  @Test
  void cpuIsAlwaysTheCpu() {
    assertEquals(Device.cpu(), DeviceChoice.CPU.resolve(0));
    assertEquals(Device.cpu(), DeviceChoice.CPU.resolve(2));
  }

  @Test
  void gpuWithoutAGpuIsAClearError() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> DeviceChoice.GPU.resolve(0));
    assertTrue(e.getMessage().contains("--device gpu"), e.getMessage());
    assertTrue(e.getMessage().contains("no GPU"), e.getMessage());
    assertTrue(e.getMessage().contains("--device auto or cpu"), e.getMessage());
    assertEquals(Device.gpu(0), DeviceChoice.GPU.resolve(1));
  }

  @Test
  void parseAcceptsAnyCaseAndNamesBadValues() {
    assertEquals(DeviceChoice.GPU, DeviceChoice.parse("GPU"));
    assertEquals(DeviceChoice.AUTO, DeviceChoice.parse(" auto "));
    assertEquals(DeviceChoice.CPU, DeviceChoice.parse("Cpu"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
    assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("auto, cpu or gpu"),
        e.getMessage());
  }

  @Test
  void openingOnGpuWithoutOneFailsBeforeLoadingAnything() throws Exception {
    assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
    ModelDescriptor d = EmbedTestSupport.descriptor(EmbedTestSupport.MINILM);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Embedders.open(d, DeviceChoice.GPU).close());
    assertTrue(e.getMessage().contains("--device gpu"), e.getMessage());
  }
}
