# The controller image: the static `flux` binary on a minimal base, running as non-root.
# Build: docker build -t ghcr.io/flux-rs/flux:v0.1.0 .
FROM rust:1.95-bookworm AS build
RUN rustup target add x86_64-unknown-linux-musl && apt-get update && apt-get install -y musl-tools
WORKDIR /src
COPY . .
RUN cargo build --release --locked --target x86_64-unknown-linux-musl --bin flux

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/target/x86_64-unknown-linux-musl/release/flux /usr/local/bin/flux
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/flux"]
