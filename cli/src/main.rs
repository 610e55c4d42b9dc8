fn main() {
    println!("kubeletlint {}", kubeletlint::VERSION);
}
