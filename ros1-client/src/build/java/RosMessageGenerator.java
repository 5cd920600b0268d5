import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns ROS 1 {@code .msg} files into Java message classes; the build runs it with the JDK's
 * single-file launcher in generate-sources.
 *
 * <p>Usage: {@code java RosMessageGenerator.java MSG_ROOT OUT_DIR}. MSG_ROOT holds
 * {@code <ros_package>/<Type>.msg}; every type becomes {@code io.policyrt.ros1.msg.<ros_package>.<Type>}
 * under OUT_DIR, which is emptied first. Parsing, the md5 sum and the full definition text follow
 * genmsg ({@code msg_loader.py}, {@code gentools.py}) so that the results match what roscpp and
 * rospy put in the TCPROS connection header.
 */
public final class RosMessageGenerator {
    static final String BASE_PACKAGE = "io.policyrt.ros1.msg";
    static final Set<String> PRIMITIVES = Set.of("bool", "int8", "uint8", "byte", "char", "int16", "uint16",
            "int32", "uint32", "int64", "uint64", "float32", "float64");
    static final Set<String> BUILTINS = Set.of("bool", "int8", "uint8", "byte", "char", "int16", "uint16",
            "int32", "uint32", "int64", "uint64", "float32", "float64", "string", "time", "duration");
    static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "record", "yield");

    /** One field: its type as genmsg resolves it (package-qualified for messages), name and array shape. */
    record Field(String type, String name, String baseType, boolean array, int fixedLength) {
        boolean builtin() { return BUILTINS.contains(baseType); }
        boolean primitive() { return PRIMITIVES.contains(baseType); }
        boolean variableArray() { return array && fixedLength < 0; }
        String javaName() { return JAVA_KEYWORDS.contains(name) ? name + "_" : name; }
    }

    /**
     * One constant: type, name, and the value text as genmsg keeps it for the md5. For a string
     * constant genmsg keeps the name exactly as written between the first space and '=', spaces
     * included, and the md5 text uses it so; {@link #javaName} is the trimmed identifier.
     */
    record Constant(String type, String name, String valueText) {
        String javaName() { return name.strip(); }
    }

    /** A parsed .msg file. */
    record Spec(String pkg, String shortName, String text, List<Constant> constants, List<Field> fields) {
        String fullName() { return pkg + "/" + shortName; }
    }

    private final Map<String, Spec> specs = new TreeMap<>();
    private final Map<String, String> md5s = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java RosMessageGenerator.java MSG_ROOT OUT_DIR");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        RosMessageGenerator g = new RosMessageGenerator();
        g.loadAll(root);
        Path base = out.resolve(BASE_PACKAGE.replace('.', '/'));
        Map<Path, String> sources = new LinkedHashMap<>();
        for (Spec s : g.specs.values()) {
            sources.put(base.resolve(s.pkg()).resolve(s.shortName() + ".java"), g.javaSource(s));
        }
        sources.put(base.resolve("RosMessageCatalog.java"), g.catalogSource());
        int written = writeChanged(out, sources);
        System.out.println("RosMessageGenerator: " + g.specs.size() + " ROS 1 message types from " + root + " -> " + out
                + " (" + written + " files written)");
    }

    void loadAll(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".msg")).sorted().toList();
        }
        for (Path f : files) {
            String pkg = f.getParent().getFileName().toString();
            String name = f.getFileName().toString().replaceFirst("\\.msg$", "");
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Spec s = parse(pkg, name, text);
            specs.put(s.fullName(), s);
        }
        for (Spec s : specs.values()) {
            for (Field f : s.fields()) {
                if (!f.builtin() && !specs.containsKey(f.baseType())) {
                    throw new IllegalStateException(s.fullName() + ": field '" + f.name() + "' needs " + f.baseType()
                            + ", which has no .msg file under " + root);
                }
            }
        }
    }

    // ---------------------------------------------------------------- parsing (genmsg msg_loader.py)

    static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    static List<String> splitOnSpaces(String s) {
        List<String> parts = new ArrayList<>();
        for (String p : s.split(" ")) {
            if (!p.strip().isEmpty()) {
                parts.add(p.strip());
            }
        }
        return parts;
    }

    static Spec parse(String pkg, String name, String text) {
        List<Constant> constants = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String clean = stripComment(line);
            if (clean.isEmpty()) {
                continue;
            }
            String where = pkg + "/" + name + ": '" + line + "'";
            if (clean.contains("=")) {
                List<String> parts = splitOnSpaces(clean);
                String type = parts.get(0);
                if (!PRIMITIVES.contains(type) && !type.equals("string")) {
                    throw new IllegalArgumentException(where + ": " + type + " is not a constant type");
                }
                String constName;
                String value;
                if (type.equals("string")) {
                    // genmsg: a string constant is everything right of '=', comments included.
                    int eq = line.indexOf('=');
                    constName = line.substring(line.indexOf(' ') + 1, eq);
                    value = line.substring(eq + 1);
                } else {
                    String[] nv = String.join(" ", parts.subList(1, parts.size())).split("=", -1);
                    if (nv.length != 2) {
                        throw new IllegalArgumentException(where + ": bad constant");
                    }
                    constName = nv[0].strip();
                    value = nv[1];
                }
                constants.add(new Constant(type, constName, value.strip()));
                continue;
            }
            List<String> parts = splitOnSpaces(clean);
            if (parts.size() != 2) {
                throw new IllegalArgumentException(where + ": expected 'type name'");
            }
            String type = parts.get(0);
            String fieldName = parts.get(1);
            if (!fieldName.matches("[a-zA-Z][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException(where + ": bad field name");
            }
            boolean array = false;
            int fixed = -1;
            String base = type;
            int bracket = type.indexOf('[');
            if (bracket >= 0) {
                array = true;
                base = type.substring(0, bracket);
                String len = type.substring(bracket + 1, type.length() - 1);
                if (!type.endsWith("]") || !len.matches("[0-9]*")) {
                    throw new IllegalArgumentException(where + ": bad array type");
                }
                fixed = len.isEmpty() ? -1 : Integer.parseInt(len);
            }
            String suffix = type.substring(base.length());
            if (!BUILTINS.contains(base)) {
                if (base.equals("Header")) {
                    base = "std_msgs/Header";
                } else if (!base.contains("/")) {
                    base = pkg + "/" + base;
                }
            }
            fields.add(new Field(base + suffix, fieldName, base, array, fixed));
        }
        return new Spec(pkg, name, text, List.copyOf(constants), List.copyOf(fields));
    }

    // ---------------------------------------------------------------- md5 and full text (genmsg gentools.py)

    String md5Text(Spec s) {
        StringBuilder b = new StringBuilder();
        for (Constant c : s.constants()) {
            b.append(c.type()).append(' ').append(c.name()).append('=').append(c.valueText()).append('\n');
        }
        for (Field f : s.fields()) {
            if (f.builtin()) {
                b.append(f.type()).append(' ').append(f.name()).append('\n');
            } else {
                // Nested types: their md5 stands in for the type, package and array brackets dropped.
                b.append(md5(specs.get(f.baseType()))).append(' ').append(f.name()).append('\n');
            }
        }
        return b.toString().strip();
    }

    String md5(Spec s) {
        String cached = md5s.get(s.fullName());
        if (cached != null) {
            return cached;
        }
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(md5Text(s).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(d);
            md5s.put(s.fullName(), hex);
            return hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Depth-first, in field order, every nested type once (genmsg get_all_depends + _unique_deps). */
    List<String> allDependencies(Spec s) {
        List<String> out = new ArrayList<>();
        collect(s, out);
        List<String> unique = new ArrayList<>();
        for (String d : out) {
            if (!unique.contains(d)) {
                unique.add(d);
            }
        }
        return unique;
    }

    private void collect(Spec s, List<String> out) {
        for (Field f : s.fields()) {
            if (!f.builtin()) {
                out.add(f.baseType());
                collect(specs.get(f.baseType()), out);
            }
        }
    }

    String fullText(Spec s) {
        StringBuilder b = new StringBuilder();
        b.append(s.text()).append('\n');
        for (String d : allDependencies(s)) {
            b.append("=".repeat(80)).append('\n');
            b.append("MSG: ").append(d).append('\n');
            b.append(specs.get(d).text()).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }

    /** Fewest bytes a message of this type takes on the wire: every variable part empty. */
    int minSizeBytes(Spec s) {
        int n = 0;
        for (Field f : s.fields()) {
            int element = elementMinBytes(f);
            if (f.variableArray()) {
                n += 4;
            } else if (f.array()) {
                n += element * f.fixedLength();
            } else {
                n += element;
            }
        }
        return n;
    }

    int elementMinBytes(Field f) {
        return switch (f.baseType()) {
            case "bool", "int8", "uint8", "byte", "char" -> 1;
            case "int16", "uint16" -> 2;
            case "int32", "uint32", "float32", "string" -> 4;
            case "int64", "uint64", "float64", "time", "duration" -> 8;
            default -> minSizeBytes(specs.get(f.baseType()));
        };
    }

    // ---------------------------------------------------------------- Java source

    static String javaType(String base) {
        return switch (base) {
            case "bool" -> "boolean";
            case "int8", "uint8", "byte", "char" -> "byte";
            case "int16", "uint16" -> "short";
            case "int32", "uint32" -> "int";
            case "int64", "uint64" -> "long";
            case "float32" -> "float";
            case "float64" -> "double";
            case "string" -> "java.lang.String";
            case "time" -> "RosTime";
            case "duration" -> "RosDuration";
            default -> BASE_PACKAGE + "." + base.replace('/', '.');
        };
    }

    static String getter(String base) {
        return switch (base) {
            case "int8", "uint8", "byte", "char" -> "in.get()";
            case "int16", "uint16" -> "in.getShort()";
            case "int32", "uint32" -> "in.getInt()";
            case "int64", "uint64" -> "in.getLong()";
            case "float32" -> "in.getFloat()";
            case "float64" -> "in.getDouble()";
            case "bool" -> "in.get() != 0";
            default -> throw new IllegalArgumentException(base);
        };
    }

    static String putter(String base, String value) {
        return switch (base) {
            case "int8", "uint8", "byte", "char" -> "out.put(" + value + ")";
            case "int16", "uint16" -> "out.putShort(" + value + ")";
            case "int32", "uint32" -> "out.putInt(" + value + ")";
            case "int64", "uint64" -> "out.putLong(" + value + ")";
            case "float32" -> "out.putFloat(" + value + ")";
            case "float64" -> "out.putDouble(" + value + ")";
            case "bool" -> "out.put(" + value + " ? (byte) 1 : (byte) 0)";
            default -> throw new IllegalArgumentException(base);
        };
    }

    static String constantLiteral(Constant c) {
        String v = c.valueText();
        return switch (c.type()) {
            case "bool" -> Boolean.toString(!v.equals("0") && !v.equalsIgnoreCase("false"));
            case "int8", "uint8", "byte", "char" -> "(byte) " + Long.parseLong(v);
            case "int16", "uint16" -> "(short) " + Long.parseLong(v);
            case "int32", "uint32" -> "(int) " + Long.parseLong(v) + "L";
            case "int64" -> Long.parseLong(v) + "L";
            case "uint64" -> Long.parseUnsignedLong(v) + "L";
            case "float32" -> Float.parseFloat(v) + "f";
            case "float64" -> Double.toString(Double.parseDouble(v));
            case "string" -> javaString(v);
            default -> throw new IllegalArgumentException(c.type());
        };
    }

    static String javaString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A long text as a concatenation of one literal per line, readable in the generated file. */
    static String javaTextBlock(String s, String indent) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                lines.add(s.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        if (lines.isEmpty()) {
            return "\"\"";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                b.append('\n').append(indent).append("+ ");
            }
            b.append(javaString(lines.get(i)));
        }
        return b.toString();
    }

    String javaSource(Spec s) {
        String cls = s.shortName();
        StringBuilder j = new StringBuilder();
        j.append("// Generated by RosMessageGenerator from ").append(s.fullName()).append(".msg. Do not edit.\n");
        j.append("package ").append(BASE_PACKAGE).append('.').append(s.pkg()).append(";\n\n");
        j.append("import io.policyrt.ros1.msg.RosDuration;\n");
        j.append("import io.policyrt.ros1.msg.RosMessage;\n");
        j.append("import io.policyrt.ros1.msg.RosMessageType;\n");
        j.append("import io.policyrt.ros1.msg.RosTime;\n");
        j.append("import io.policyrt.ros1.msg.RosWire;\n");
        j.append("import java.nio.BufferUnderflowException;\n");
        j.append("import java.nio.ByteBuffer;\n\n");
        j.append("/** ROS 1 message {@code ").append(s.fullName()).append("}, md5 {@code ").append(md5(s))
                .append("}; fields keep the .msg names. */\n");
        j.append("public final class ").append(cls).append(" implements RosMessage {\n");
        j.append("    /** The full definition text, as genmsg's compute_full_text builds it for the connection header. */\n");
        j.append("    public static final java.lang.String DEFINITION =\n            ").append(javaTextBlock(fullText(s), "            "))
                .append(";\n");
        j.append("    /** Name, md5 sum, definition and factory. */\n");
        j.append("    public static final RosMessageType<").append(cls).append("> TYPE =\n            new RosMessageType<>(\"")
                .append(s.fullName()).append("\", \"").append(md5(s)).append("\", DEFINITION, ").append(cls).append("::new);\n");
        j.append("    /** Fewest bytes a message of this type takes on the wire (every string and variable array empty). */\n");
        j.append("    public static final int MIN_SERIALIZED_BYTES = ").append(minSizeBytes(s)).append(";\n");
        for (Constant c : s.constants()) {
            String t = javaType(c.type());
            j.append("    public static final ").append(t).append(' ').append(c.javaName()).append(" = ")
                    .append(constantLiteral(c)).append(";\n");
        }
        j.append('\n');
        for (Field f : s.fields()) {
            j.append(fieldDeclaration(f));
        }
        j.append('\n');
        j.append("    @Override\n    public RosMessageType<").append(cls).append("> rosType() {\n        return TYPE;\n    }\n\n");
        // size
        j.append("    @Override\n    public int serializedSizeBytes() {\n");
        j.append("        int n = ").append(minSizeBytes(s)).append(";\n");
        for (Field f : s.fields()) {
            j.append(sizeCode(f));
        }
        j.append("        return n;\n    }\n\n");
        // serialize
        j.append("    @Override\n    public void serialize(ByteBuffer out) {\n");
        j.append("        RosWire.requireLittleEndian(out);\n");
        for (Field f : s.fields()) {
            j.append(writeCode(f));
        }
        j.append("    }\n\n");
        // deserialize
        j.append("    @Override\n    public void deserialize(ByteBuffer in) {\n");
        j.append("        RosWire.requireLittleEndian(in);\n");
        j.append("        try {\n");
        for (Field f : s.fields()) {
            j.append(readCode(f));
        }
        j.append("        } catch (BufferUnderflowException e) {\n");
        j.append("            throw RosWire.truncated(\"").append(s.fullName()).append("\", in);\n");
        j.append("        }\n");
        j.append("    }\n");
        j.append("}\n");
        return j.toString();
    }

    /** One class that lists every generated type, so a transport can look a type up by name. */
    String catalogSource() {
        StringBuilder j = new StringBuilder();
        j.append("// Generated by RosMessageGenerator. Do not edit.\n");
        j.append("package ").append(BASE_PACKAGE).append(";\n\n");
        j.append("import java.util.List;\n\n");
        j.append("/** Every ROS 1 message type generated from src/main/ros/msg. */\n");
        j.append("public final class RosMessageCatalog {\n");
        j.append("    private static final List<RosMessageType<?>> ALL = List.of(\n");
        int i = 0;
        for (Spec s : specs.values()) {
            j.append("            ").append(javaType(s.fullName())).append(".TYPE")
                    .append(++i < specs.size() ? ",\n" : ");\n\n");
        }
        j.append("    private RosMessageCatalog() {\n    }\n\n");
        j.append("    /** All types, sorted by name. */\n");
        j.append("    public static List<RosMessageType<?>> all() {\n        return ALL;\n    }\n\n");
        j.append("    /** The type called {@code name} ({@code pkg/Type}), or null when it was not generated. */\n");
        j.append("    public static RosMessageType<?> byName(String name) {\n");
        j.append("        for (RosMessageType<?> t : ALL) {\n            if (t.name().equals(name)) {\n");
        j.append("                return t;\n            }\n        }\n        return null;\n    }\n}\n");
        return j.toString();
    }

    String fieldDeclaration(Field f) {
        String t = javaType(f.baseType());
        String n = f.javaName();
        String comment = "    /** {@code " + f.type() + " " + f.name() + "}" + unitHint(f) + ". */\n";
        if (!f.array()) {
            if (f.primitive()) {
                return comment + "    public " + t + " " + n + ";\n";
            }
            if (f.baseType().equals("string")) {
                return comment + "    public java.lang.String " + n + " = \"\";\n";
            }
            return comment + "    public final " + t + " " + n + " = new " + t + "();\n";
        }
        if (f.variableArray()) {
            return comment + "    public " + t + "[] " + n + " = new " + t + "[0];\n";
        }
        if (f.primitive()) {
            return comment + "    public final " + t + "[] " + n + " = new " + t + "[" + f.fixedLength() + "];\n";
        }
        String fill = f.baseType().equals("string") ? "\"\"" : "new " + t + "()";
        return comment + "    public final " + t + "[] " + n + " = RosWire.filled(new " + t + "[" + f.fixedLength()
                + "], () -> " + fill + ");\n";
    }

    static String unitHint(Field f) {
        return switch (f.baseType()) {
            case "uint8", "uint16", "uint32", "uint64", "char" -> " (unsigned, in a Java " + javaType(f.baseType()) + ")";
            default -> "";
        };
    }

    String sizeCode(Field f) {
        String n = f.javaName();
        String base = f.baseType();
        boolean fixedSize = f.primitive() || base.equals("time") || base.equals("duration");
        if (!f.array()) {
            if (fixedSize) {
                return "";
            }
            if (base.equals("string")) {
                return "        n += RosWire.utf8Length(" + n + ");\n";
            }
            return "        n += " + n + ".serializedSizeBytes() - " + javaType(base) + ".MIN_SERIALIZED_BYTES;\n";
        }
        if (fixedSize) {
            return f.variableArray() ? "        n += " + n + ".length * " + elementMinBytes(f) + ";\n" : "";
        }
        StringBuilder b = new StringBuilder();
        if (f.variableArray()) {
            b.append("        n += ").append(n).append(".length * ").append(elementMinBytes(f)).append(";\n");
        }
        if (base.equals("string")) {
            b.append("        for (java.lang.String e : ").append(n).append(") {\n            n += RosWire.utf8Length(e);\n        }\n");
        } else {
            b.append("        for (").append(javaType(base)).append(" e : ").append(n).append(") {\n")
                    .append("            n += e.serializedSizeBytes() - ").append(javaType(base))
                    .append(".MIN_SERIALIZED_BYTES;\n        }\n");
        }
        return b.toString();
    }

    String writeCode(Field f) {
        String n = f.javaName();
        String base = f.baseType();
        StringBuilder b = new StringBuilder();
        String element;
        String indent = "        ";
        if (f.array()) {
            if (f.variableArray()) {
                b.append("        out.putInt(").append(n).append(".length);\n");
            }
            b.append("        for (int i = 0; i < ").append(n).append(".length; i++) {\n");
            element = n + "[i]";
            indent = "            ";
        } else {
            element = n;
        }
        if (f.primitive()) {
            b.append(indent).append(putter(base, element)).append(";\n");
        } else if (base.equals("string")) {
            b.append(indent).append("RosWire.writeString(out, ").append(element).append(");\n");
        } else {
            b.append(indent).append(element).append(".serialize(out);\n");
        }
        if (f.array()) {
            b.append("        }\n");
        }
        return b.toString();
    }

    String readCode(Field f) {
        String n = f.javaName();
        String base = f.baseType();
        String t = javaType(base);
        StringBuilder b = new StringBuilder();
        String indent = "            ";
        String element = n;
        if (f.array()) {
            if (f.variableArray()) {
                b.append("            int ").append(n).append("Count = RosWire.readCount(in, ").append(elementMinBytes(f))
                        .append(", \"").append(f.name()).append("\");\n");
                // Reuse the array (and its elements) when the count is unchanged; otherwise keep the
                // elements that fit and allocate the rest.
                b.append("            if (").append(n).append(".length != ").append(n).append("Count) {\n");
                if (f.primitive()) {
                    b.append("                ").append(n).append(" = new ").append(t).append('[').append(n).append("Count];\n");
                } else {
                    String fill = base.equals("string") ? "\"\"" : "new " + t + "()";
                    b.append("                ").append(n).append(" = RosWire.resized(").append(n).append(", new ").append(t)
                            .append('[').append(n).append("Count], () -> ").append(fill).append(");\n");
                }
                b.append("            }\n");
            }
            b.append("            for (int i = 0; i < ").append(n).append(".length; i++) {\n");
            indent = "                ";
            element = n + "[i]";
        }
        if (f.primitive()) {
            b.append(indent).append(element).append(" = ").append(getter(base)).append(";\n");
        } else if (base.equals("string")) {
            b.append(indent).append(element).append(" = RosWire.readString(in, ").append(element).append(", \"")
                    .append(f.name()).append("\");\n");
        } else {
            b.append(indent).append(element).append(".deserialize(in);\n");
        }
        if (f.array()) {
            b.append("            }\n");
        }
        return b.toString();
    }

    /**
     * Writes the files whose content changed and deletes files of types that are gone, so that an
     * unchanged build leaves the sources' timestamps alone and the compiler has nothing to redo.
     */
    static int writeChanged(Path out, Map<Path, String> sources) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    if (!sources.containsKey(p)) {
                        Files.delete(p);
                    }
                }
            }
        }
        int written = 0;
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            Path file = e.getKey();
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
                continue;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            written++;
        }
        return written;
    }
}
