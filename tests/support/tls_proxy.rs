//! A TLS front for the Git HTTP server: terminates HTTPS on a loopback port with a certificate
//! for 127.0.0.1 signed by a test CA, and forwards the bytes to the plain server.
#![allow(dead_code)]

use std::sync::Arc;

use tokio_rustls::rustls;

/// A running TLS proxy.
pub struct TlsProxy {
    /// The HTTPS port on 127.0.0.1.
    pub port: u16,
    /// The CA that signed the server certificate (PEM).
    pub ca_pem: String,
    /// An unrelated CA (PEM), for negative tests.
    pub other_ca_pem: String,
}

fn ca() -> (rcgen::Certificate, rcgen::Issuer<'static, rcgen::KeyPair>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "flux-rs git test CA");
    let cert = params.self_signed(&key).unwrap();
    (cert, rcgen::Issuer::new(params, key))
}

impl TlsProxy {
    /// Starts the proxy in front of `127.0.0.1:backend`.
    pub fn start(backend: u16) -> TlsProxy {
        Self::start_for(backend, &["localhost"])
    }

    /// Starts the proxy in front of `127.0.0.1:backend` with a certificate for `names` (and
    /// 127.0.0.1), e.g. a SaaS host name reached through [`super::http_proxy`]'s host map.
    pub fn start_for(backend: u16, names: &[&str]) -> TlsProxy {
        let (ca_cert, issuer) = ca();
        let (other, _) = ca();
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params =
            rcgen::CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params
            .subject_alt_names
            .push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
        let cert = params.signed_by(&key, &issuer).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
            )
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    let Ok((tcp, _)) = listener.accept().await else {
                        continue;
                    };
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        let Ok(mut tls) = acceptor.accept(tcp).await else {
                            return;
                        };
                        let Ok(mut up) =
                            tokio::net::TcpStream::connect(("127.0.0.1", backend)).await
                        else {
                            return;
                        };
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut up).await;
                    });
                }
            });
        });
        TlsProxy {
            port,
            ca_pem: ca_cert.pem(),
            other_ca_pem: other.pem(),
        }
    }

    /// The HTTPS URL of a repository.
    pub fn url(&self, name: &str) -> String {
        format!("https://127.0.0.1:{}/{name}.git", self.port)
    }
}
