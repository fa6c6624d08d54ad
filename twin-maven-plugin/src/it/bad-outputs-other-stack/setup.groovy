def outputs = new File(basedir, "target/twin/dev/outputs.json")
outputs.parentFile.mkdirs()
outputs.text = '{"twin-bob-dev": {"MemoryBucketName": "bob-memory"}}'
return true
