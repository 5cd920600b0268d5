package io.policyrt.drivers.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS socket factory of {@link MqttSettings.Tls}: a PEM CA file and an optional PKCS12 client key store. */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SSLSocketFactory socketFactory(MqttSettings.Tls tls) throws MqttTransportException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            Collection<? extends Certificate> cas;
            try (InputStream in = Files.newInputStream(tls.caFile())) {
                cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (IOException e) {
                throw new MqttTransportException("TLS: cannot read the CA file " + tls.caFile() + ": " + e, e);
            }
            if (cas.isEmpty()) {
                throw new MqttTransportException("TLS: the CA file " + tls.caFile() + " holds no PEM certificate");
            }
            int i = 0;
            for (Certificate c : cas) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyManagerFactory kmf = null;
            if (tls.clientKeyStore() != null) {
                char[] pass = tls.clientKeyStorePassword() == null ? new char[0] : tls.clientKeyStorePassword();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(tls.clientKeyStore())) {
                    keys.load(in, pass);
                } catch (IOException e) {
                    throw new MqttTransportException("TLS: cannot open the client key store " + tls.clientKeyStore()
                            + " (PKCS12; wrong password?): " + e.getMessage(), e);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, pass);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttTransportException("TLS: cannot set up the trust and key stores from " + tls.caFile() + ": " + e, e);
        }
    }
}
