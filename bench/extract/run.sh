#!/usr/bin/env bash
# Extractor benchmark: shared Redis rate limit (4 worker processes) and peak RSS on 1 GB / 4 GB
# responses with -Xmx128m. Needs the extract module built with its tests:
#   mvn -B -q -o -pl extract install -DskipTests   (or a full install)
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
mvn -B -q -o -pl extract dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classes=$(mktemp -d)
cp="extract/target/classes:extract/target/test-classes:$(cat "$cp_file")"
javac -d "$classes" -cp "$cp" bench/extract/ExtractBench.java
java -cp "$classes:$cp" ExtractBench "$@"
