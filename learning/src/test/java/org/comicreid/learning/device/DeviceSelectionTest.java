package org.comicreid.learning.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {

  @Test
  void everyRequestAndGpuCount() {
    assertEquals(Device.cpu(), DeviceSelection.choose("cpu", 2).device());
    assertEquals(Device.gpu(0), DeviceSelection.choose("gpu", 1).device());
    assertFalse(DeviceSelection.choose("gpu", 1).fallback());
    assertEquals(Device.gpu(0), DeviceSelection.choose("auto", 4).device());
    assertEquals(Device.cpu(), DeviceSelection.choose("auto", 0).device());
    assertFalse(DeviceSelection.choose("auto", 0).fallback());

    DeviceSelection.Choice fb = DeviceSelection.choose("GPU", 0);
    assertEquals(Device.cpu(), fb.device());
    assertTrue(fb.fallback());
    assertTrue(fb.description().contains("falling back to the CPU"), fb.description());

    ReidInputException e =
        assertThrows(ReidInputException.class, () -> DeviceSelection.choose("tpu", 0));
    assertTrue(e.getMessage().startsWith("worker.device:"), e.getMessage());
  }

  @Test
  void theRealEngineStartsOfflineAndAnswers() {
    // The engine starts from the classifier jar without network (ai.djl.offline=true in surefire).
    int gpus = Engine.getEngine(DeviceSelection.ENGINE).getGpuCount();
    DeviceSelection.Choice c = DeviceSelection.select("gpu");
    assertEquals(gpus == 0, c.fallback(), c.description());
    assertTrue(DeviceSelection.engineDescription().startsWith("PyTorch 2.7.1"),
        DeviceSelection.engineDescription());
  }
}
