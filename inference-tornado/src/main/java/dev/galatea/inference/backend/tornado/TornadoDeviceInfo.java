package dev.galatea.inference.backend.tornado;

import java.util.Locale;

/**
 * The TornadoVM device the backend would run on.
 *
 * @param backend       TornadoVM's backend for it: "opencl", "ptx" or "spirv"
 * @param type          "GPU", "CPU", "ACCELERATOR", …
 * @param globalMemory  bytes of device memory
 * @param maxAllocation bytes of the largest single buffer the device allows
 */
public record TornadoDeviceInfo(String name, String backend, String type, long globalMemory, long maxAllocation) {

    /** What {@code Backend.name()} reports: "tornado-opencl", "tornado-ptx", … */
    public String backendName() {
        return "tornado-" + backend.toLowerCase(Locale.ROOT);
    }

    public String describe() {
        return name + " (" + type + ", " + backendName() + ", " + StepFootprint.size(globalMemory) + ")";
    }
}
