package dev.rolematch.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A total deadline for a request's line and headers (slowloris): Jetty's idle timeout restarts
 * with every byte, so a client that sends one header byte a second holds its connection (and a
 * slot) for ever. Here a connection must deliver complete headers within the deadline, counted
 * from when it opened or its previous request completed; otherwise it is closed. The deadline
 * ends as soon as Jetty has parsed the headers ({@link HttpChannel.Listener#onRequestBegin}), so a
 * slow request body or a slow query is not affected (the idle timeout still covers stalls).
 * Installed as a bean on the connector: Jetty adds it to every connection and channel.
 */
final class HeaderDeadline implements Connection.Listener, HttpChannel.Listener {

  private final long millis;
  private final Scheduler scheduler;
  private final ConcurrentMap<EndPoint, Scheduler.Task> pending = new ConcurrentHashMap<>();

  HeaderDeadline(long millis, Scheduler scheduler) {
    this.millis = millis;
    this.scheduler = scheduler;
  }

  private void arm(EndPoint ep) {
    AtomicReference<Scheduler.Task> self = new AtomicReference<>();
    Scheduler.Task task = scheduler.schedule(() -> {
      Scheduler.Task mine = self.get();
      if (mine != null && pending.remove(ep, mine)) {
        ep.close(); // headers still incomplete at the deadline
      }
    }, millis, TimeUnit.MILLISECONDS);
    self.set(task);
    Scheduler.Task old = pending.put(ep, task);
    if (old != null) {
      old.cancel();
    }
  }

  private void disarm(EndPoint ep) {
    Scheduler.Task t = pending.remove(ep);
    if (t != null) {
      t.cancel();
    }
  }

  @Override
  public void onOpened(Connection connection) {
    arm(connection.getEndPoint());
  }

  @Override
  public void onClosed(Connection connection) {
    disarm(connection.getEndPoint());
  }

  @Override
  public void onRequestBegin(Request request) {
    disarm(request.getHttpChannel().getEndPoint());
  }

  @Override
  public void onComplete(Request request) {
    EndPoint ep = request.getHttpChannel().getEndPoint();
    if (ep.isOpen()) {
      arm(ep); // the next request on this connection gets its own deadline
    }
  }
}
