import { SERVICE_CONTRACT } from '../../contract';

const { coverageProfile, coverageUpload } = SERVICE_CONTRACT;

/**
 * Fails when the total statement coverage in the profile is below `$COVERAGE_THRESHOLD`
 * percent.
 */
export const COVERAGE_GATE_SCRIPT = `#!/bin/sh
set -eu
case "$COVERAGE_THRESHOLD" in
  '' | *[!0-9.]* | *.*.*)
    echo "COVERAGE_THRESHOLD must be a number, got '$COVERAGE_THRESHOLD'" >&2
    exit 1
    ;;
esac
total=$(go tool cover -func=${coverageProfile} | awk '$1 == "total:" { sub(/%$/, "", $NF); print $NF }')
if [ -z "$total" ]; then
  echo "no total coverage in ${coverageProfile}" >&2
  exit 1
fi
if awk -v total="$total" -v min="$COVERAGE_THRESHOLD" 'BEGIN { exit !(total + 0 >= min + 0) }'; then
  echo "coverage $total% meets the threshold of $COVERAGE_THRESHOLD%"
else
  echo "coverage $total% is below the threshold of $COVERAGE_THRESHOLD%" >&2
  exit 1
fi
`;

/**
 * Sends the raw coverage profile to the portal, filed under \`$ENTITY_REF\`, \`$COMMIT_SHA\`
 * and \`$BRANCH\`. The token travels in a header file, never on a command line.
 */
export const COVERAGE_UPLOAD_SCRIPT = `#!/bin/sh
set -eu
if [ ! -f ${coverageProfile} ]; then
  echo "${coverageProfile} not found" >&2
  exit 1
fi
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
printf 'Authorization: Bearer %s\\n' "$PORTAL_TOKEN" > "$headers"
curl --fail-with-body --silent --show-error \\
  --retry 3 --connect-timeout 10 --max-time 60 \\
  --request POST \\
  --header "@$headers" \\
  --header 'Content-Type: text/plain' \\
  --data-binary @${coverageProfile} \\
  --url-query "entity=$ENTITY_REF" \\
  --url-query "commit=$COMMIT_SHA" \\
  --url-query "branch=$BRANCH" \\
  --url-query "format=${coverageUpload.format}" \\
  "\${PORTAL_URL%/}${coverageUpload.path}"
echo
echo "uploaded ${coverageProfile} for $ENTITY_REF at $COMMIT_SHA ($BRANCH)"
`;
