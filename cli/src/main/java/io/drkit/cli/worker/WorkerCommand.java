package io.drkit.cli.worker;

import java.util.concurrent.Callable;

import org.springframework.beans.factory.ObjectProvider;

import io.drkit.workers.PartWorker;
import picocli.CommandLine.Command;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the parts of full backups, of restores into scratch databases and of object",
            "verifications that managers on other hosts send through the broker (DRKIT_BROKER_URL), until",
            "stopped. The broker's URL is amqp://user:password@host:5672/vhost; managers send parts with",
            "DRKIT_WORKERS_MODE=remote. A worker needs the manager's configuration (source, scratch server,",
            "repository, key file, catalog) and says at start which it reaches. It prints one line per part",
            "it takes and finishes; SIGTERM finishes the parts in hand and takes no new ones. A worker that",
            "dies with a part in hand gives it back to the broker, which hands it to another worker."})
public class WorkerCommand implements Callable<Integer> {

    private final ObjectProvider<PartWorker> worker;

    public WorkerCommand(ObjectProvider<PartWorker> worker) {
        this.worker = worker;
    }

    @Override
    public Integer call() throws InterruptedException {
        worker.getObject().run(System.out::println, System.err::println);
        return 0;
    }
}
