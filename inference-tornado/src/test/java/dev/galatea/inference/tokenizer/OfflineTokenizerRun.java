package dev.galatea.inference.tokenizer;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run in a fresh JVM by {@link NativeLibraryOfflineTest}: refuses every http(s) connection the process attempts,
 * loads the tokenizer and prints the ids of "Hello world", then the refused URLs, one per line.
 */
public final class OfflineTokenizerRun {

    private static final StringBuilder refused = new StringBuilder();

    public static void main(String[] args) {
        URL.setURLStreamHandlerFactory(protocol -> protocol.startsWith("http") ? new Refusing() : null);
        try (GptjTokenizer tokenizer = GptjTokenizer.load(Path.of(args[0]))) {
            System.out.println("ids " + Arrays.toString(tokenizer.encode("Hello world")));
        }
        System.out.print(refused);
    }

    private static final class Refusing extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            synchronized (refused) {
                refused.append("refused ").append(url).append('\n');
            }
            throw new IOException("network access refused by the test: " + url);
        }

        @Override
        protected URLConnection openConnection(URL url, Proxy proxy) throws IOException {
            return openConnection(url);
        }
    }
}
