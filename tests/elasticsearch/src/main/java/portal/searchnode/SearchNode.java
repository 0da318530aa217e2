package portal.searchnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One search node on loopback for tests and development: the server and its modules from the
 * classpath, single-node discovery, HTTP on the given port, data under the given directory.
 *
 * <p>Usage: {@code java -Xmx512m -cp 'target/classes:target/lib/*' portal.searchnode.SearchNode
 * PORT DATA_DIR}. SIGTERM closes the node cleanly (flushes and releases the data directory).
 */
public final class SearchNode {

    private static final List<Class<? extends Plugin>> MODULES = List.of(
        Netty4Plugin.class,           // the HTTP and transport layers
        CommonAnalysisPlugin.class,   // synonym_graph, stemmer, asciifolding, whitespace
        MapperExtrasPlugin.class,     // search_as_you_type
        PainlessPlugin.class,         // scripts
        ReindexPlugin.class);         // _reindex, _update_by_query, _delete_by_query

    /** Node exposes the constructor that takes classpath plugins only to subclasses. */
    private static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment) {
            super(environment, MODULES, true);
        }
    }

    private SearchNode() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9200;
        Path home = Path.of(args.length > 1 ? args[1] : "target/node").toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings settings = Settings.builder()
            .put("cluster.name", "portal-search")
            .put("node.name", "portal-node-" + port)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", port + 5)
            .put("discovery.type", "single-node")
            // A shared development disk may be fuller than the default watermarks allow.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", true)
            .build();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), null, () -> "portal-node-" + port);
        Node node = new ClasspathNode(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "search-node-shutdown"));
        node.start();
        System.out.println("search node listening on http://127.0.0.1:" + port + "/");
        closed.await();
    }
}
