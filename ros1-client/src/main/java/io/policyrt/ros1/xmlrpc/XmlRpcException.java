package io.policyrt.ros1.xmlrpc;

/** An XML-RPC document that is refused: malformed, too large, too deep, a DTD, or a type ROS does not use. */
public final class XmlRpcException extends Exception {
    public XmlRpcException(String message) {
        super(message);
    }

    public XmlRpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
