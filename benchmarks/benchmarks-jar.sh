# Sourced by benchmarks/bench.sh and benchmarks/soak.sh: sets $root and $jar and builds
# benchmarks/target/benchmarks.jar first when it is missing or a source changed since the last
# build. $1: the caller's name, for the build message.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
stamp="$root/benchmarks/target/bench.build-stamp"

needs_build() {
  [[ ! -f "$stamp" || ! -f "$jar" ]] && return 0
  [[ -n "$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.onnx' \) -newer "$stamp" -print -quit)" ]]
}

if needs_build; then
  echo "$1: building benchmarks/target/benchmarks.jar (first run or sources changed)..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
  touch "$stamp"
fi
