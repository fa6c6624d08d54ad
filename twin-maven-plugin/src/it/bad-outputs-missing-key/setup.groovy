def outputs = new File(basedir, "target/twin/dev/outputs.json")
outputs.parentFile.mkdirs()
outputs.text = '{"twin-ana-dev": {"FrontendBucketName": "ana-site"}}'
return true
