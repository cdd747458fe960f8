package io.tenantry.local.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The repository root: the first directory, walking up from the working directory, holding a {@code template.yaml}
 * next to a {@code pom.xml} whose artifactId is {@code tenantry-parent}. Surefire runs each module's tests in that
 * module's directory, so this finds the root from any module.
 */
public final class ProjectRoot {
    static final String PARENT_ARTIFACT_ID = "tenantry-parent";
    private static Path root;

    private ProjectRoot() {}

    /** The root above the working directory, found once per JVM. */
    public static synchronized Path get() {
        if (root == null) {
            root = locate(Path.of("").toAbsolutePath());
        }
        return root;
    }

    /** The root at or above {@code start}. */
    public static Path locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && isParentPom(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No template.yaml next to the " + PARENT_ARTIFACT_ID + " pom.xml at or above "
                + start.toAbsolutePath() + "; run the tests from inside the Tenantry repository");
    }

    /** {@code template.yaml} at the root. */
    public static Path template() {
        return get().resolve("template.yaml");
    }

    /** {@code events/} at the root. */
    public static Path eventsDirectory() {
        return get().resolve("events");
    }

    private static boolean isParentPom(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && "artifactId".equals(element.getTagName())) {
                    return PARENT_ARTIFACT_ID.equals(element.getTextContent().trim());
                }
            }
            return false;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return false;
        }
    }
}
