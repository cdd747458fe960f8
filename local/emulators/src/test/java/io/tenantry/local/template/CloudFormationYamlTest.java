package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationYamlTest {

    private static Object value(String yaml) {
        return CloudFormationYaml.parse("v: " + yaml, "test.yaml").get("v");
    }

    @Test
    void ref_becomesLongForm() {
        assertEquals(Map.of("Ref", "TenantryTable"), value("!Ref TenantryTable"));
    }

    @Test
    void getAtt_stringForm_splitsOnTheFirstDot() {
        assertEquals(Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address")), value("!GetAtt Db.Endpoint.Address"));
    }

    @Test
    void getAtt_listForm_staysAList() {
        assertEquals(Map.of("Fn::GetAtt", List.of("Queue", "Arn")), value("!GetAtt [Queue, Arn]"));
    }

    @Test
    void getAtt_withoutAttribute_isRejected() {
        TemplateException e = assertThrows(TemplateException.class, () -> value("!GetAtt Queue"));
        assertTrue(e.getMessage().contains("LogicalId.Attribute"), e.getMessage());
    }

    @Test
    void sub_stringAndListForms() {
        assertEquals(Map.of("Fn::Sub", "${AWS::Region}-x"), value("!Sub \"${AWS::Region}-x\""));
        assertEquals(
                Map.of("Fn::Sub", List.of("${A}-${B}", Map.of("A", "a", "B", Map.of("Ref", "P")))),
                value("!Sub ['${A}-${B}', {A: a, B: !Ref P}]"));
    }

    @Test
    void everyShortFormFunction_mapsToFnPrefix() {
        Map<String, Object> doc = CloudFormationYaml.parse("""
                join: !Join [",", [a, b]]
                if: !If [Cond, a, b]
                equals: !Equals [a, b]
                select: !Select [0, [a]]
                split: !Split [",", "a,b"]
                findInMap: !FindInMap [M, a, b]
                not: !Not [!Condition C]
                and: !And [!Condition A, !Condition B]
                or: !Or [!Condition A, !Condition B]
                base64: !Base64 text
                importValue: !ImportValue exported
                getAZs: !GetAZs ""
                """, "test.yaml");
        assertEquals(Map.of("Fn::Join", List.of(",", List.of("a", "b"))), doc.get("join"));
        assertEquals(Map.of("Fn::If", List.of("Cond", "a", "b")), doc.get("if"));
        assertEquals(Map.of("Fn::Equals", List.of("a", "b")), doc.get("equals"));
        assertEquals(Map.of("Fn::Select", List.of(0, List.of("a"))), doc.get("select"));
        assertEquals(Map.of("Fn::Split", List.of(",", "a,b")), doc.get("split"));
        assertEquals(Map.of("Fn::FindInMap", List.of("M", "a", "b")), doc.get("findInMap"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Condition", "C"))), doc.get("not"));
        assertEquals(Map.of("Fn::And", List.of(Map.of("Condition", "A"), Map.of("Condition", "B"))), doc.get("and"));
        assertEquals(Map.of("Fn::Or", List.of(Map.of("Condition", "A"), Map.of("Condition", "B"))), doc.get("or"));
        assertEquals(Map.of("Fn::Base64", "text"), doc.get("base64"));
        assertEquals(Map.of("Fn::ImportValue", "exported"), doc.get("importValue"));
        assertEquals(Map.of("Fn::GetAZs", ""), doc.get("getAZs"));
    }

    @Test
    void nestedTags_areConvertedInsideLists() {
        assertEquals(
                Map.of("Fn::Equals", List.of(Map.of("Ref", "JwtIssuer"), "")), value("!Equals [!Ref JwtIssuer, \"\"]"));
    }

    @Test
    void plainScalars_followTheCoreSchema() {
        Map<String, Object> doc =
                CloudFormationYaml.parse("n: 30\nb: true\ns: \"30\"\nv: 2010-09-09\nkey: value", "test.yaml");
        assertEquals(30, doc.get("n"));
        assertEquals(true, doc.get("b"));
        assertEquals("30", doc.get("s"));
        assertEquals("2010-09-09", doc.get("v"));
        assertEquals(List.of("n", "b", "s", "v", "key"), List.copyOf(doc.keySet()));
    }

    @Test
    void unknownTag_failsNamingTheSource() {
        TemplateException e = assertThrows(TemplateException.class, () -> value("!Bogus x"));
        assertTrue(e.getMessage().startsWith("test.yaml"), e.getMessage());
    }
}
