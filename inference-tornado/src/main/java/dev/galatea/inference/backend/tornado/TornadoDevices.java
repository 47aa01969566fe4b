package dev.galatea.inference.backend.tornado;

import java.util.Locale;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/**
 * Starts TornadoVM and asks for its default device. Only {@link TornadoAvailability} calls this, and only after
 * it found the SDK's classes, so no TornadoVM class is loaded where there is no TornadoVM.
 */
final class TornadoDevices {
    private TornadoDevices() {}

    static TornadoDeviceInfo defaultDevice() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        if (runtime.getNumBackends() == 0) {
            throw new IllegalStateException("TornadoVM has no backend installed (OpenCL, PTX or SPIR-V)");
        }
        TornadoDevice device = runtime.getDefaultDevice();
        return new TornadoDeviceInfo(
                device.getPhysicalDevice().getDeviceName(),
                device.getTornadoVMBackend().name().toLowerCase(Locale.ROOT),
                device.getDeviceType().name(),
                device.getMaxGlobalMemory(),
                device.getMaxAllocMemory());
    }
}
