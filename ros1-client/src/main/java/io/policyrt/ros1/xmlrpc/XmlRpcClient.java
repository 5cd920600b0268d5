package io.policyrt.ros1.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Calls XML-RPC methods over HTTP/1.1 with the JDK's {@link HttpClient}. One client is shared by
 * every node of the process: its selector thread is the JDK's, and no node leaks one on shutdown.
 * Responses are read up to the codec's size limit and refused beyond it.
 */
public final class XmlRpcClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final XmlRpcCodec codec;
    private final Duration timeout;

    /** @param timeout how long one call may take, connect to last byte */
    public XmlRpcClient(XmlRpcCodec codec, Duration timeout) {
        this.codec = codec;
        this.timeout = timeout;
    }

    /**
     * Calls {@code method} at {@code uri} and returns the response value.
     *
     * @throws IOException    the peer is unreachable, too slow, or answers with a non-200 status
     * @throws XmlRpcException the response is not acceptable XML-RPC
     * @throws XmlRpcFault    the peer answered with a fault
     */
    public Object call(URI uri, String method, List<?> params) throws IOException, XmlRpcException, XmlRpcFault {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(XmlRpcCodec.writeCall(method, params)))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + method + " at " + uri, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + uri + " for " + method);
            }
            byte[] bytes = body.readNBytes(codec.limits().maxDocumentBytes() + 1);
            if (bytes.length > codec.limits().maxDocumentBytes()) {
                throw new XmlRpcException("response to " + method + " from " + uri + " exceeds "
                        + codec.limits().maxDocumentBytes() + " bytes");
            }
            return codec.parseResponse(bytes);
        }
    }
}
