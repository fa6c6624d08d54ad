import dev.twin.runtime.lambda.TwinHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Bench helper (run by startup.sh with the lambda jar on the classpath): times what the Lambda
 * init phase does (new TwinHandler = static wiring) and the first two POST /chat invocations.
 * Prints "jvmStartToMainMs initMs firstInvokeMs secondInvokeMs".
 */
public class HandlerInit {
  public static void main(String[] args) throws Exception {
    long mainAt = System.currentTimeMillis();
    long jvmToMain = mainAt - ManagementFactory.getRuntimeMXBean().getStartTime();
    long t0 = System.nanoTime();
    TwinHandler handler = new TwinHandler();
    long t1 = System.nanoTime();
    invoke(handler);
    long t2 = System.nanoTime();
    invoke(handler);
    long t3 = System.nanoTime();
    System.out.println(jvmToMain + " " + (t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000 + " " + (t3 - t2) / 1_000_000);
  }

  private static void invoke(TwinHandler handler) throws Exception {
    String event = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/api/chat\",\"rawQueryString\":\"\","
        + "\"headers\":{\"content-type\":\"application/json\"},\"requestContext\":{\"requestId\":\"bench\","
        + "\"stage\":\"$default\",\"http\":{\"method\":\"POST\",\"path\":\"/api/chat\"}},"
        + "\"body\":\"eyJtZXNzYWdlIjoiV2hhdCBkbyB5b3UgZG8gZm9yIHdvcms/In0=\",\"isBase64Encoded\":true}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    if (!out.toString(StandardCharsets.UTF_8).startsWith("{\"statusCode\":200")) {
      throw new IllegalStateException("unexpected answer: " + out);
    }
  }
}
