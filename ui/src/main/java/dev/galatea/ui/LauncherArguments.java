package dev.galatea.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the launcher's flags ({@code --model DIR --port 8080 --host 127.0.0.1 --data DIR --backend NAME})
 * into Spring properties. Spring alone reads only {@code --key=value}, and would take {@code --model DIR}
 * as a flag without a value followed by a stray argument.
 */
final class LauncherArguments {

    private static final Map<String, String> PROPERTY_BY_FLAG = Map.of(
            "--model", "galatea.model",
            "--data", "galatea.data-dir",
            "--backend", "galatea.backend",
            "--port", "server.port",
            "--host", "server.address");

    private LauncherArguments() {
    }

    static String[] toSpringArguments(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            String property = PROPERTY_BY_FLAG.get(flag);
            if (property == null) {
                // Spring's own --key=value options (spring.datasource.url, ...) pass through untouched.
                if (arg.startsWith("--") && equals > 2) {
                    out.add(arg);
                    continue;
                }
                throw new IllegalArgumentException("unknown option '" + arg + "'; expected --model DIR, --data DIR, "
                        + "--port N, --host ADDRESS, --backend NAME or a Spring --key=value property");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            out.add("--" + property + "=" + value);
        }
        return out.toArray(String[]::new);
    }
}
