#!/usr/bin/env bash
# `npm run screenshots`: refreshes the README's pictures from the real-browser editor check.
# Runs test/e2e/editor.e2e.test.ts (n8n 2.41.1 in headless Chromium, the sandbox behind it; it saves
# a screenshot of each step into artifacts/screenshots/) and copies the two the README opens with
# into docs/images/:
#   text-to-video-canvas.png    the 9:16 text-to-video example on the n8n canvas
#   heygen-generate-panel.png   the HeyGen node's Generate panel, a look picked: Aspect Ratio 9:16,
#                               Wait for Completion
# Needs dist/ (npm run build) and Chromium (scripts/ci-install-chromium.sh or CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PICTURES=(
	[example-heygen-elevenlabs-text-to-avatar-video-vertical.png]=text-to-video-canvas.png
	[heygen-generate-video-panel.png]=heygen-generate-panel.png
)

rm -f artifacts/screenshots/*.png
npx jest --config jest.e2e.config.js test/e2e/editor.e2e.test.ts
mkdir -p docs/images
for shot in "${!PICTURES[@]}"; do
	if [[ ! -s "artifacts/screenshots/$shot" ]]; then
		echo "the editor check did not save artifacts/screenshots/$shot" >&2
		exit 1
	fi
	cp "artifacts/screenshots/$shot" "docs/images/${PICTURES[$shot]}"
	echo "docs/images/${PICTURES[$shot]} ← artifacts/screenshots/$shot"
done
