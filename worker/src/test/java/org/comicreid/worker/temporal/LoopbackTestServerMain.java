package org.comicreid.worker.temporal;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * TEST PROCESS: Temporal's test-server services on a gRPC server bound to 127.0.0.1 only, on a
 * free port, in real time. ({@code io.temporal.testserver.TestServer}'s own main binds every
 * interface.) Prints {@code LISTENING 127.0.0.1:<port>} and runs until its stdin closes or it is
 * killed.
 */
public final class LoopbackTestServerMain {

  private LoopbackTestServerMain() {}

  public static void main(String[] args) throws Exception {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
    System.out.println("LISTENING 127.0.0.1:" + bound.getPort());
    System.out.flush();
    while (System.in.read() != -1) {
      // wait for the parent to close our stdin
    }
    server.shutdownNow();
    services.close();
  }
}
