import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';
import { mainPackageDir, type ServiceValues } from './serviceValues';

/** A double-quoted Dockerfile value: no variable expansion, quotes and backslashes escaped. */
function dockerQuoted(value: string): string {
  return `"${value.replace(/[\\"$]/g, c => `\\${c}`)}"`;
}

/**
 * Multi-stage Dockerfile: the builder runs on the build platform and cross-compiles for the
 * target one (so multi-arch builds need no emulation), the runtime stage is distroless
 * static as the nonroot user, labelled with the OCI annotations.
 */
export function dockerfileFiles(values: ServiceValues): GeneratedFile[] {
  const { dockerBuildArgs: arg, ldflags, runAsUser } = SERVICE_CONTRACT;
  const x = (variable: string, buildArg: string) =>
    `-X ${ldflags.package}.${variable}=\${${buildArg}}`;
  const linkerFlags = [
    '-s -w',
    x(ldflags.version, arg.version),
    x(ldflags.commit, arg.commit),
    x(ldflags.buildTime, arg.buildTime),
  ].join(' ');
  const binary = `/usr/local/bin/${values.name}`;

  const dockerfile = `# Build: docker buildx build --platform linux/amd64,linux/arm64 \\
#   --build-arg ${arg.version}=v1.2.3 --build-arg ${
    arg.commit
  }=$(git rev-parse HEAD) \\
#   --build-arg ${arg.buildTime}=$(date -u +%Y-%m-%dT%H:%M:%SZ) -t ${
    values.spec.imageRepository
  }:dev .

ARG GO_VERSION=${values.goVersion}

FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION} AS build
WORKDIR /src
# Dependencies first, so this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
ARG TARGETOS
ARG TARGETARCH
ARG ${arg.version}=dev
ARG ${arg.commit}=unknown
ARG ${arg.buildTime}=unknown
RUN CGO_ENABLED=0 GOOS=\${TARGETOS} GOARCH=\${TARGETARCH} \\
    go build -trimpath -ldflags "${linkerFlags}" \\
    -o /out/${values.name} ./${mainPackageDir(values)}

FROM gcr.io/distroless/static-debian12:nonroot
ARG ${arg.version}=dev
ARG ${arg.commit}=unknown
ARG ${arg.buildTime}=unknown
LABEL org.opencontainers.image.title=${dockerQuoted(values.name)} \\
      org.opencontainers.image.description=${dockerQuoted(
        values.description,
      )} \\
      org.opencontainers.image.source=${dockerQuoted(
        values.spec.serviceRepoUrl,
      )} \\
      org.opencontainers.image.version="\${${arg.version}}" \\
      org.opencontainers.image.revision="\${${arg.commit}}" \\
      org.opencontainers.image.created="\${${arg.buildTime}}"
COPY --from=build /out/${values.name} ${binary}
USER ${runAsUser}:${runAsUser}
EXPOSE ${values.port}
ENTRYPOINT ["${binary}"]
`;

  const dockerignore = `# Only the Go sources are needed to build the image.
.git
.github
.tekton
.idea
.vscode
bin/
${SERVICE_CONTRACT.coverageProfile}
*.test
Dockerfile
.dockerignore
`;
  return [
    { path: 'Dockerfile', content: dockerfile },
    { path: '.dockerignore', content: dockerignore },
  ];
}
