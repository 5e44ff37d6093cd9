#!/usr/bin/env bash
# One assessment case from submission to certificate, with curl, against a running `npm start`
# (README: "A case from start to finish"). Every request is printed before it is sent; each answer
# is printed as it comes. Run it twice: the second run starts a new case (the registry steps answer
# 409, already registered, and go on).
#
#   bash scripts/walkthrough.sh [http://localhost:3000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
API="${1:-http://localhost:3000}"
[ -f dist/src/identity/token.cli.js ] || npm run -s build

INSTITUTE=91350100M000100Y43   # a county institute of metrology (unified social credit code)
ELSEWHERE=91440300708461136T   # the assessor's own institution
token() { node dist/src/identity/token.cli.js "$@" 2>/dev/null | tail -1; }
ADMIN=$(token --role admin --sub admin-1)
ENGINEER=$(token --role institution --sub engineer-1 --name 'Chen Jie' --institution "$INSTITUTE")
OFFICER=$(token --role secretariat --sub officer-1 --name 'Wang Min')
ASSESSOR=$(token --role expert --sub expert-li --name 'Li Na')

field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));console.log(typeof v==="object"?JSON.stringify(v):v)})' "$1"; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
# call METHOD PATH TOKEN [JSON]: prints the request and the answer; the answer body goes to stdout.
call() {
  local method=$1 path=$2 bearer=$3 body=${4:-}
  printf '%s %s %s\n' "$method" "$path" "${body:+$body}" >&2
  local answer
  answer=$(curl -sS -X "$method" "$API$path" -H "Authorization: Bearer $bearer" -H 'Accept-Language: zh-CN' \
    ${body:+-H 'Content-Type: application/json' -d "$body"} -w '\n%{http_code}')
  printf '  -> %s %s\n' "${answer##*$'\n'}" "$(printf '%s' "${answer%$'\n'*}" | cut -c1-300)" >&2
  printf '%s' "${answer%$'\n'*}"
}
upload() {
  local kind=$1 file=$2
  printf 'POST /api/v1/documents kind=%s file=%s\n' "$kind" "$(basename "$file")" >&2
  curl -sS "$API/api/v1/documents" -H "Authorization: Bearer $ENGINEER" -F "kind=$kind" -F "file=@$file;type=text/plain" | tee /dev/stderr | field sha256
  echo >&2
}

say 'The registry (admin): the applicant, and an assessor qualified in pressure from another institution'
call POST /api/v1/registry/institutions "$ADMIN" "{\"uscc\":\"$INSTITUTE\",\"name\":\"Gulou District Institute of Metrology\",\"division\":\"350102\",\"kind\":\"LEGAL_METROLOGY_INSTITUTE\"}" >/dev/null
call POST /api/v1/registry/institutions "$ADMIN" "{\"uscc\":\"$ELSEWHERE\",\"name\":\"Shenzhen calibration laboratory\",\"division\":\"440300\",\"kind\":\"ENTERPRISE\"}" >/dev/null
call POST /api/v1/registry/experts "$ADMIN" '{"expertId":"expert-li","name":"Li Na"}' >/dev/null
call POST /api/v1/registry/experts/expert-li/qualifications "$ADMIN" '{"discipline":"pressure","certificateNumber":"ZJ-2024-0107","validFrom":"2024-01-01","validUntil":"2030-12-31"}' >/dev/null
call POST /api/v1/registry/experts/expert-li/affiliations "$ADMIN" "{\"institutionId\":\"$ELSEWHERE\",\"from\":\"2020-01-01\"}" >/dev/null

say 'The applicant uploads its documents and checks what is missing before submitting'
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
DOCS=()
for kind in APPLICATION_FORM TECHNICAL_REPORT STANDARD_CERTIFICATES EQUIPMENT_CERTIFICATES ORIGINAL_RECORDS SAMPLE_CERTIFICATE STAFF_COMPETENCE; do
  printf '%s for the sphygmomanometer standard, %s\n' "$kind" "$(date -Is)" >"$WORK/$kind.txt"
  DOCS+=("\"$(upload "$kind" "$WORK/$kind.txt")\"")
done
ALL=$(IFS=,; echo "${DOCS[*]}")
call POST /api/v1/assessment-cases/completeness "$ENGINEER" "{\"kind\":\"NEW\",\"documents\":[${DOCS[0]}]}" >/dev/null
call POST /api/v1/assessment-cases/completeness "$ENGINEER" "{\"kind\":\"NEW\",\"documents\":[$ALL]}" >/dev/null

say 'Submission: the acceptance window (5 working days) starts'
CASE=$(call POST /api/v1/assessment-cases "$ENGINEER" "{\"kind\":\"NEW\",\"standard\":{\"name\":\"Sphygmomanometer verification standard\",\"category\":\"PUBLIC\",\"measurand\":\"pressure\"},\"documents\":[$ALL]}" | field caseId)
STEP=/api/v1/assessment-cases/$CASE

say 'The secretariat accepts, assigns the assessor (the conflict-of-interest rule checks him) and starts the on-site evaluation'
call GET /api/v1/inbox "$OFFICER" >/dev/null
call POST "$STEP/acceptance" "$OFFICER" >/dev/null
call POST "$STEP/assessors" "$OFFICER" '{"assessors":[{"expertId":"expert-li","discipline":"pressure"}]}' >/dev/null
call POST "$STEP/evaluation" "$OFFICER" '{"mode":"ON_SITE"}' >/dev/null

say 'The assessor records the repeatability check (10 readings) and a nonconformity: 15 working days to rectify'
call POST "$STEP/technical-checks/repeatability" "$ASSESSOR" '{"readings":{"unit":"kPa","values":[100.02,100.01,100.03,100.02,100.00,100.02,100.01,100.03,100.02,100.01]},"declaredComponent":{"value":0.02,"unit":"kPa"}}' >/dev/null
call POST "$STEP/rectification-requests" "$ASSESSOR" '{"nonconformities":[{"clause":"JJF 1033-2023 4.2.3","finding":"Stability records for 2025 are missing"}]}' >/dev/null

say 'The applicant sees the task in its inbox, uploads the evidence and submits the rectification; the assessor confirms'
call GET /api/v1/inbox "$ENGINEER" >/dev/null
printf 'Stability records 2025, four groups\n' >"$WORK/stability-2025.txt"
EVIDENCE=$(upload RECTIFICATION_EVIDENCE "$WORK/stability-2025.txt")
call POST "$STEP/rectifications" "$ENGINEER" "{\"evidence\":[\"$EVIDENCE\"]}" >/dev/null
call POST "$STEP/rectification-confirmations" "$ASSESSOR" >/dev/null

say 'The assessor concludes; the secretariat approves and issues the certificate (valid 5 years)'
call POST "$STEP/conclusions" "$ASSESSOR" '{"outcome":"PASS","summary":"Meets JJF 1033-2023"}' >/dev/null
call POST "$STEP/decisions" "$OFFICER" "{\"decision\":\"APPROVED\",\"reasons\":[],\"certificateNo\":\"[$(date +%Y)]闽量标榕证字第$(date +%H%M%S)号\"}" >/dev/null

say 'The case as the read model holds it, and its timeline (who did what, and the deadlines kept)'
sleep 1
call GET "$STEP" "$ENGINEER" | field certificate >&2
call GET "$STEP/timeline" "$OFFICER" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s);for(const e of t.events)console.error(`  ${e.recordedAt}  ${(e.actor.id+" ("+e.actor.role+")").padEnd(32)} ${e.summary.en}`);for(const d of t.deadlines)console.error(`  deadline ${d.step}: due ${d.dueAt}, kept: ${d.kept}`)})'
echo "case $CASE" >&2
