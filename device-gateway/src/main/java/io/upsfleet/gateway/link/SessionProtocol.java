package io.upsfleet.gateway.link;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * What runs on a TCP session between the socket and the Megatec lines: nothing for a raw TCP port
 * ({@link #RAW}), Telnet with COM Port Control for RFC 2217 ({@code rfc2217.Rfc2217Protocol}).
 */
public interface SessionProtocol {

    /** The URI scheme, for {@link UpsLink#describe()}. */
    String scheme();

    /** Starts a session on a newly connected socket; {@code data} receives the plain data bytes. */
    Wire open(NetSocket socket, Handler<Buffer> data);

    /** One session's framing. Used on the link's Vert.x context only. */
    interface Wire {
        /**
         * Completes when requests may be sent (at once for raw TCP, after the option negotiation for RFC
         * 2217); fails with a {@link LinkException} of kind CONNECT when the far end cannot be used.
         */
        Future<Void> ready();

        /** Bytes as they came from the socket. */
        void received(Buffer bytes);

        /** Data for the far end, framed for the wire. */
        Buffer frame(Buffer data);

        /** The socket closed (a negotiation still running fails). */
        void closed();
    }

    SessionProtocol RAW = new SessionProtocol() {
        @Override
        public String scheme() {
            return "tcp";
        }

        @Override
        public Wire open(NetSocket socket, Handler<Buffer> data) {
            return new Wire() {
                @Override
                public Future<Void> ready() {
                    return Future.succeededFuture();
                }

                @Override
                public void received(Buffer bytes) {
                    data.handle(bytes);
                }

                @Override
                public Buffer frame(Buffer bytes) {
                    return bytes;
                }

                @Override
                public void closed() {
                }
            };
        }
    };
}
