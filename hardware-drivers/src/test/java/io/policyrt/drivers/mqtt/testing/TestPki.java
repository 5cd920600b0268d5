package io.policyrt.drivers.mqtt.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away PKI made with openssl for TLS tests: a CA, a broker certificate for 127.0.0.1 and
 * localhost signed by it, and a client key store (PKCS12). A second, unrelated CA stands for
 * "the wrong CA".
 */
public final class TestPki {
    /** What the broker needs. */
    public record ServerFiles(Path caCert, Path serverCert, Path serverKey) {
    }

    private TestPki() {
    }

    /** Makes a CA named {@code name} in {@code dir}: {@code name.crt} and {@code name.key}. */
    public static Path ca(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        MosquittoBroker.run(dir, List.of(openssl(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=PolicyRT test " + name));
        return dir.resolve(name + ".crt");
    }

    /** Makes a broker certificate for 127.0.0.1 and localhost signed by the CA {@code caName}. */
    public static ServerFiles server(Path dir, String caName) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        MosquittoBroker.run(dir, List.of(openssl(), "req", "-newkey", "rsa:2048", "-nodes", "-sha256",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"));
        MosquittoBroker.run(dir, List.of(openssl(), "x509", "-req", "-in", "server.csr", "-CA", caName + ".crt",
                "-CAkey", caName + ".key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-sha256",
                "-extfile", "server.ext"));
        return new ServerFiles(dir.resolve(caName + ".crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
    }

    /** Makes a client key and certificate signed by {@code caName}, exported as a PKCS12 file. */
    public static Path clientKeyStore(Path dir, String caName, String password) throws IOException, InterruptedException {
        MosquittoBroker.run(dir, List.of(openssl(), "req", "-newkey", "rsa:2048", "-nodes", "-sha256",
                "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=policyrt-test-client"));
        MosquittoBroker.run(dir, List.of(openssl(), "x509", "-req", "-in", "client.csr", "-CA", caName + ".crt",
                "-CAkey", caName + ".key", "-CAcreateserial", "-out", "client.crt", "-days", "2", "-sha256"));
        MosquittoBroker.run(dir, List.of(openssl(), "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key",
                "-out", "client.p12", "-passout", "pass:" + password));
        return dir.resolve("client.p12");
    }

    private static String openssl() {
        for (String p : List.of("/usr/bin/openssl", "/usr/local/bin/openssl")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("openssl is not installed: install the Debian package 'openssl' to run the TLS tests");
    }
}
