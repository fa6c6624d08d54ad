package ${package};

import dev.twin.cdk.DigitalTwinStack;
import software.amazon.awscdk.App;

/**
 * The CDK app of this twin: the whole twin stack, plus anything of your own.
 *
 * <p>{@code mvn twin:synth} and {@code mvn twin:deploy} run this class the way the CDK CLI runs apps, with
 * the settings from {@code pom.xml} (twin name, environment, region, model) passed as CDK context.
 */
public final class TwinApp {

  private TwinApp() {}

  public static void main(String[] args) {
    App app = new App();
    compose(app);
    app.synth();
  }

  /** Adds the twin's stack to {@code app}; the place to add your own resources. */
  public static DigitalTwinStack compose(App app) {
    DigitalTwinStack twin = dev.twin.cdk.TwinApp.build(app, System.getenv());

    // Add your own resources to the twin's stack here, for example:
    //   new software.amazon.awscdk.services.sns.Topic(twin, "Announcements");
    // twin.getStorage(), twin.getCompute(), twin.getCdn() ... give you the resources twin created.

    return twin;
  }
}
