package io.dif.cli;

import io.dif.control.ControlStores;
import io.dif.core.run.StopSignal;
import io.dif.extract.raw.LocalRawStore;
import io.dif.ingest.IngestServer;
import io.dif.ingest.IngestSettings;
import io.dif.ingest.PushSources;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dif serve}: the ingestion API for push sources, on embedded defaults. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the ingestion API: clients push events (POST /v1/clients/CLIENT/"
        + "sources/SOURCE/events) and upload files (POST .../uploads) to the push sources of"
        + " their config, with API keys from 'dif keys create'. Accepted events are on disk"
        + " before the 202 answer and reach the raw zone as pages; SIGINT or SIGTERM commits"
        + " them and stops.")
final class ServeCommand implements Callable<Integer> {
  @Mixin
  Workspace workspace;

  @Mixin
  ControlOptions control;

  @Mixin
  KeyOptions keys;

  @Option(names = "--port", defaultValue = "8088", paramLabel = "PORT",
      description = "Port to listen on; 0 takes a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on; 0.0.0.0 behind a load balancer (default:"
          + " ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--page-bytes", defaultValue = "5242880", paramLabel = "BYTES",
      description = "Commit accepted events as a raw page once this many bytes wait"
          + " (default: ${DEFAULT-VALUE}).")
  long pageBytes;

  @Option(names = "--page-age", defaultValue = "60s", paramLabel = "DURATION",
      description = "Commit accepted events as a raw page once the oldest waited this long"
          + " (default: ${DEFAULT-VALUE}).")
  Duration pageAge;

  @Option(names = "--public-url", paramLabel = "URL",
      description = "URL senders reach this server at, for pre-signed upload URLs (default:"
          + " http://HOST:PORT).")
  String publicUrl;

  @Override
  public Integer call() throws Exception {
    control.with(keys);
    ControlStores stores = control.stores(workspace);
    Clock clock = Clock.systemUTC();
    IngestSettings defaults = IngestSettings.defaults(host, port, workspace.ready());
    IngestSettings settings = new IngestSettings(host, port, defaults.zones(),
        defaults.stateFolder(), pageBytes, pageAge, defaults.idleTimeout(),
        defaults.bodyTimeout(), defaults.uploadUrlValidity(), Optional.ofNullable(publicUrl));
    PushSources sources = PushSources.load(workspace.confDir());
    StopSignal stop = StopSignal.never();
    CountDownLatch stopped = new CountDownLatch(1);
    try (IngestServer server = new IngestServer(settings, sources, stores.apiKeys(),
        stores.credentials(control.keys(workspace), clock), stores.states(clock),
        new LocalRawStore(workspace.zones()), clock);
        StopOnSignals signals = StopOnSignals.install(stop, System.err);
        StopSignal.Registration registration = stop.onStop(stopped::countDown)) {
      server.start();
      System.out.println("dif serve: listening on http://" + host + ":" + server.port()
          + " for " + sources.count() + " push sources; data in " + workspace.ready());
      System.out.flush();
      stopped.await();
      System.err.println("dif serve: committing accepted events and stopping");
    }
    return 0;
  }
}
