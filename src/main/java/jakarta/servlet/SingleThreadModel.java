package jakarta.servlet;

/**
 * Servlet 5 interface that Servlet 6 removed. Spark's shaded Jetty 11 still refers to it when the
 * SparkContext registers its metrics servlet (even with the UI off), so without it the engine
 * cannot start next to Tomcat 11. It is never implemented or used by Sluice.
 */
@Deprecated
public interface SingleThreadModel {
}
